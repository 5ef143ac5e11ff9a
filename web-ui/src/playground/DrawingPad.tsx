import { forwardRef } from 'preact/compat';
import { useEffect, useImperativeHandle, useRef, useState } from 'preact/hooks';
import { type Gray, rgbaToGray } from './image';

export const PAD_SIZE = 280;

export type DrawingPadHandle = {
  /** Paints a gray image (e.g. a data set sample) over the whole pad. */
  paint(img: Gray): void;
  clear(): void;
};

/**
 * A square pad to draw on with a mouse, a pen or a finger (pointer events), light strokes on black like the training
 * images; an image dropped on it is drawn in, fitted and centred. Each finished stroke or image reports the pad as
 * a gray image.
 */
export const DrawingPad = forwardRef<DrawingPadHandle, { onChange: (img: Gray, source: 'drawing' | 'image') => void; onError: (message: string) => void }>(
  function DrawingPad({ onChange, onError }, ref) {
    const canvas = useRef<HTMLCanvasElement>(null);
    const last = useRef<{ x: number; y: number } | null>(null);
    const [brush, setBrush] = useState(20);
    const [dragging, setDragging] = useState(false);

    const ctx = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
    const fill = () => {
      const c = ctx();
      if (!c) return;
      c.fillStyle = '#000';
      c.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    };
    const report = (source: 'drawing' | 'image') => {
      const c = ctx();
      if (!c) return;
      onChange(rgbaToGray(c.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data, PAD_SIZE, PAD_SIZE), source);
    };

    useEffect(fill, []);

    useImperativeHandle(ref, () => ({
      paint(img: Gray) {
        const c = ctx();
        if (!c) return;
        const small = new ImageData(img.width, img.height);
        img.data.forEach((v, i) => small.data.set([v, v, v, 255], i * 4));
        const tmp = document.createElement('canvas');
        tmp.width = img.width;
        tmp.height = img.height;
        tmp.getContext('2d')!.putImageData(small, 0, 0);
        c.imageSmoothingEnabled = false;
        c.drawImage(tmp, 0, 0, PAD_SIZE, PAD_SIZE);
      },
      clear: fill,
    }));

    const point = (e: PointerEvent) => {
      const rect = canvas.current!.getBoundingClientRect();
      return { x: ((e.clientX - rect.left) * PAD_SIZE) / rect.width, y: ((e.clientY - rect.top) * PAD_SIZE) / rect.height };
    };
    const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
      const c = ctx();
      if (!c) return;
      c.strokeStyle = '#fff';
      c.lineWidth = brush;
      c.lineCap = 'round';
      c.lineJoin = 'round';
      c.beginPath();
      c.moveTo(from.x, from.y);
      c.lineTo(to.x, to.y);
      c.stroke();
    };

    const loadImage = (file: File) => {
      if (!file.type.startsWith('image/')) {
        onError(`${file.name} is not an image (${file.type || 'unknown type'}); drop a PNG or JPEG`);
        return;
      }
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => {
        URL.revokeObjectURL(url);
        const c = ctx();
        if (!c) return;
        // Fit and centre on white, so a photo's transparent or missing margins read as its background.
        c.fillStyle = '#fff';
        c.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
        const scale = Math.min(PAD_SIZE / img.width, PAD_SIZE / img.height);
        const w = img.width * scale;
        const h = img.height * scale;
        c.imageSmoothingEnabled = true;
        c.imageSmoothingQuality = 'high';
        c.drawImage(img, (PAD_SIZE - w) / 2, (PAD_SIZE - h) / 2, w, h);
        report('image');
      };
      img.onerror = () => {
        URL.revokeObjectURL(url);
        onError(`could not read ${file.name} as an image`);
      };
      img.src = url;
    };

    return (
      <div class="pad">
        <canvas
          ref={canvas}
          width={PAD_SIZE}
          height={PAD_SIZE}
          class={`pad-canvas${dragging ? ' dragging' : ''}`}
          role="img"
          aria-label="Drawing pad: draw with the mouse or a finger, or drop an image here"
          onPointerDown={(e) => {
            (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
            last.current = point(e);
            stroke(last.current, last.current);
          }}
          onPointerMove={(e) => {
            if (!last.current) return;
            const p = point(e);
            stroke(last.current, p);
            last.current = p;
          }}
          onPointerUp={() => {
            if (!last.current) return;
            last.current = null;
            report('drawing');
          }}
          onPointerCancel={() => (last.current = null)}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer?.files[0];
            if (file) loadImage(file);
          }}
        />
        <div class="pad-tools">
          <label for="brush">Brush</label>
          <input id="brush" type="range" min={8} max={40} value={brush} onInput={(e) => setBrush(Number((e.target as HTMLInputElement).value))} />
          <input
            id="image-file"
            class="visually-hidden"
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) loadImage(file);
              (e.target as HTMLInputElement).value = '';
            }}
          />
          <label class="button" for="image-file">
            Choose an image…
          </label>
        </div>
      </div>
    );
  },
);
