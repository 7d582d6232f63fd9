// The gradient of gather (an embedding layer's lookup) sums the rows of dy that share an index:
// UnsortedSegmentSum, which the wasm backend lacks. One pass in JavaScript on the wasm heap,
// accumulating in double precision; ids outside [0, numSegments) are dropped, as on the cpu.
import type { KernelArgs, KernelConfig, TensorInfo, TfModule } from "./tf_types";
import { withContext } from "./wasm_context";

export function unsortedSegmentSumKernel(tf: TfModule): KernelConfig {
  return {
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: (args: KernelArgs) =>
      withContext(tf, args, (ctx) => {
        const x = args.inputs.x as TensorInfo;
        const segmentIds = args.inputs.segmentIds as TensorInfo;
        const numSegments = (args.attrs ?? {}).numSegments as number;
        if (x.dtype !== "float32" && x.dtype !== "int32") {
          throw new Error(`wasm UnsortedSegmentSum supports float32 and int32, got ${x.dtype}.`);
        }
        const segments = tf.util.sizeFromShape(segmentIds.shape);
        const inner = tf.util.sizeFromShape(x.shape.slice(segmentIds.shape.length));
        const sum = new Float64Array(numSegments * inner);
        const output = ctx.allocate([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
        const values = ctx.view(x);
        const ids = ctx.view(segmentIds);
        for (let i = 0; i < segments; i++) {
          const id = ids[i];
          if (id < 0 || id >= numSegments) continue;
          const source = i * inner;
          const target = id * inner;
          for (let k = 0; k < inner; k++) sum[target + k] += values[source + k];
        }
        ctx.view(output).set(sum);
        return output;
      }),
  };
}
