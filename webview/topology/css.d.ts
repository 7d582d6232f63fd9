// esbuild bundles the stylesheet imported by main.ts into dist/webview/topology.css.
declare module "*.css";
