import { useEffect, useRef } from 'preact/hooks';
import type { Sample } from '../api/types';
import { sampleToGray } from '../playground/image';

/** One data set sample drawn from its pixels (0–255, [C, H, W]); three channels are shown in colour. */
export function SampleImage({ sample, label }: { sample: Sample; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [c, h, w] = sample.shape.length === 3 ? sample.shape : [1, sample.shape[0], sample.shape[1]];
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const img = new ImageData(w, h);
    if (c === 3) {
      for (let i = 0; i < w * h; i++) img.data.set([sample.pixels[i], sample.pixels[w * h + i], sample.pixels[2 * w * h + i], 255], i * 4);
    } else {
      sampleToGray(sample.pixels, sample.shape).data.forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
    }
    ctx.putImageData(img, 0, 0);
  }, [sample, c, h, w]);
  return (
    <figure class="sample">
      <canvas ref={canvas} width={w} height={h} role="img" aria-label={`Sample labelled ${label}`} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
