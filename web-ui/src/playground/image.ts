/**
 * The playground's image handling, as pure functions: canvas pixels → a grayscale image of the model's input size →
 * the Open Inference Protocol request, and the response → label and probabilities.
 */

/** A grayscale image, values 0–255, row by row. */
export type Gray = { width: number; height: number; data: Float32Array };

/** RGBA bytes (as canvas getImageData gives them) to gray, by luma; transparent pixels count as black. */
export function rgbaToGray(rgba: ArrayLike<number>, width: number, height: number): Gray {
  const data = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const a = rgba[i * 4 + 3] / 255;
    data[i] = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) * a;
  }
  return { width, height, data };
}

/** Resizes by area averaging: each target pixel is the mean of the source area it covers (exact for whole ratios). */
export function resize(src: Gray, width: number, height: number): Gray {
  const out = new Float32Array(width * height);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < width; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let py = Math.floor(y0); py < Math.ceil(y1); py++) {
        const wy = Math.min(py + 1, y1) - Math.max(py, y0);
        for (let px = Math.floor(x0); px < Math.ceil(x1); px++) {
          const wx = Math.min(px + 1, x1) - Math.max(px, x0);
          sum += src.data[py * src.width + px] * wx * wy;
          area += wx * wy;
        }
      }
      out[y * width + x] = area > 0 ? sum / area : 0;
    }
  }
  return { width, height, data: out };
}

/**
 * Whether an image is dark-on-light (a photo on a white background) and so should be inverted to look like the
 * training data (light object on black): judged by the mean of its border.
 */
export function looksInverted(img: Gray): boolean {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < img.width; x++) {
    sum += img.data[x] + img.data[(img.height - 1) * img.width + x];
    n += 2;
  }
  for (let y = 1; y < img.height - 1; y++) {
    sum += img.data[y * img.width] + img.data[y * img.width + img.width - 1];
    n += 2;
  }
  return n > 0 && sum / n > 127;
}

/** Pixel / 255 (inverted first if asked), as the model takes it. */
export function toModelInput(img: Gray, invert: boolean): number[] {
  return Array.from(img.data, (v) => {
    const p = Math.max(0, Math.min(255, v));
    return (invert ? 255 - p : p) / 255;
  });
}

/** A data set sample's pixels ([C, H, W], 0–255) as a gray image (channels averaged). */
export function sampleToGray(pixels: readonly number[], shape: readonly number[]): Gray {
  const [c, h, w] = shape.length === 3 ? shape : [1, shape[0], shape[1]];
  const data = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) {
    let sum = 0;
    for (let k = 0; k < c; k++) sum += pixels[k * h * w + i] ?? 0;
    data[i] = sum / c;
  }
  return { width: w, height: h, data };
}

/** The /v2 infer path for a model and a reference: a version number, an alias, or nothing (production or latest). */
export function inferPath(model: string, ref: string | null): string {
  const m = encodeURIComponent(model);
  if (ref == null || ref === '') return `/v2/models/${m}/infer`;
  if (/^\d+$/.test(ref)) return `/v2/models/${m}/versions/${ref}/infer`;
  return `/v2/models/${m}@${encodeURIComponent(ref)}/infer`;
}

/** The Open Inference Protocol request for one sample of the given per-sample shape. */
export function inferRequest(input: number[], sampleShape: readonly number[]) {
  return { inputs: [{ name: 'input', shape: [1, ...sampleShape], datatype: 'FP32', data: input }] };
}

export type Prediction = { probabilities: number[]; predicted: number; label: string | null; modelVersion: string | null };

type Output = { name?: string; datatype?: string; shape?: number[]; data?: unknown[] };

/** Reads an infer response: the "probabilities" output (or the first numeric one) and the "label" output. */
export function readInferResponse(body: unknown): Prediction {
  const outputs = (body as { outputs?: Output[] } | null)?.outputs;
  if (!Array.isArray(outputs) || outputs.length === 0) throw new Error('the inference response has no outputs');
  const numeric = outputs.find((o) => o.name === 'probabilities') ?? outputs.find((o) => o.datatype !== 'BYTES' && Array.isArray(o.data));
  if (numeric == null || !Array.isArray(numeric.data) || numeric.data.some((v) => typeof v !== 'number')) {
    throw new Error('the inference response has no numeric "probabilities" output');
  }
  let probabilities = (numeric.data as number[]).slice(0, numeric.shape?.at(-1) ?? numeric.data.length);
  const sum = probabilities.reduce((a, b) => a + b, 0);
  if (probabilities.some((p) => p < 0 || p > 1) || Math.abs(sum - 1) > 1e-3) probabilities = softmax(probabilities);
  const predicted = probabilities.indexOf(Math.max(...probabilities));
  const labelOutput = outputs.find((o) => o.name === 'label');
  const label = typeof labelOutput?.data?.[0] === 'string' ? (labelOutput.data[0] as string) : null;
  const version = (body as { model_version?: unknown }).model_version;
  return { probabilities, predicted, label, modelVersion: version == null ? null : String(version) };
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / total);
}
