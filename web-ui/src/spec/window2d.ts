import { javaList } from './format';
import type { IntOrPair } from './layers';
import type { LayerSite } from './layerSite';

/**
 * The sliding window of a 2-d layer (Conv2d, MaxPool2d, AvgPool2d): kernel, stride and padding per height and
 * width, checked like torch checks them (dilation 1, ceil_mode false). Port of the server's Window2d.
 */
export type Window2d = { kernelH: number; kernelW: number; strideH: number; strideW: number; paddingH: number; paddingW: number };

/** The int form as a one-element list, as the server reads it: 3 → [3]. */
export function asList(value: IntOrPair | null | undefined): (number | null)[] | null {
  if (value == null) return null;
  return typeof value === 'number' ? [value] : [...value];
}

/** Expands an int-or-pair list ([k] or [h, w]) to [h, w]. */
function pair(site: LayerSite, parameter: string, value: (number | null)[]): [number, number] {
  if ((value.length !== 1 && value.length !== 2) || value.some((v) => v == null)) {
    throw site.fail(parameter, `${parameter} must be an int or a [h, w] pair, got ${javaList(value)}`);
  }
  const [h, w] = value as number[];
  return value.length === 1 ? [h, h] : [h, w];
}

/**
 * Checks and resolves the three parameters. An absent stride means 1 for a convolution and the kernel size for
 * a pool; an absent padding means 0.
 */
export function window2d(
  site: LayerSite,
  kernelSize: IntOrPair | null | undefined,
  stride: IntOrPair | null | undefined,
  padding: IntOrPair | null | undefined,
  strideDefaultsToKernel: boolean,
): Window2d {
  const kernelList = asList(kernelSize);
  if (kernelList == null) throw site.fail('kernel_size', 'needs kernel_size (an int or a [h, w] pair)');
  const kernel = pair(site, 'kernel_size', kernelList);
  if (kernel[0] <= 0 || kernel[1] <= 0) {
    throw site.fail('kernel_size', `kernel_size must be positive, got ${javaList(kernelList)}`);
  }
  const strideList = asList(stride);
  const steps = strideList == null ? (strideDefaultsToKernel ? kernel : [1, 1]) : pair(site, 'stride', strideList);
  if (steps[0] <= 0 || steps[1] <= 0) {
    throw site.fail('stride', `stride must be positive, got ${javaList(strideList)}`);
  }
  const paddingList = asList(padding);
  const pads = paddingList == null ? [0, 0] : pair(site, 'padding', paddingList);
  if (pads[0] < 0 || pads[1] < 0) {
    throw site.fail('padding', `padding must not be negative, got ${javaList(paddingList)}`);
  }
  return { kernelH: kernel[0], kernelW: kernel[1], strideH: steps[0], strideW: steps[1], paddingH: pads[0], paddingW: pads[1] };
}

/** Torch's pooling rule: padding may be at most half the kernel size (integer division). */
export function requirePaddingAtMostHalfKernel(site: LayerSite, w: Window2d): void {
  if (w.paddingH > Math.trunc(w.kernelH / 2) || w.paddingW > Math.trunc(w.kernelW / 2)) {
    throw site.fail(
      'padding',
      `padding ${text(w.paddingH, w.paddingW)} must be at most half the kernel size ${text(w.kernelH, w.kernelW)} (torch requires padding <= kernel_size / 2)`,
    );
  }
}

const INT_MAX = 2147483647;

/** Output height and width for a [C, H, W] input: floor((size + 2 * padding - kernel) / stride) + 1. */
export function outputHw(site: LayerSite, w: Window2d): [number, number] {
  const inH = site.input[1];
  const inW = site.input[2];
  const paddedH = inH + 2 * w.paddingH;
  const paddedW = inW + 2 * w.paddingW;
  if (paddedH < w.kernelH || paddedW < w.kernelW) {
    throw site.fail(
      'kernel_size',
      `kernel ${w.kernelH}x${w.kernelW} does not fit input ${inH}x${inW} with padding ${text(w.paddingH, w.paddingW)}`,
    );
  }
  const outH = Math.floor((paddedH - w.kernelH) / w.strideH) + 1;
  const outW = Math.floor((paddedW - w.kernelW) / w.strideW) + 1;
  if (outH > INT_MAX || outW > INT_MAX) {
    throw site.fail('padding', `padding ${text(w.paddingH, w.paddingW)} makes the output larger than ${INT_MAX}`);
  }
  return [outH, outW];
}

function text(h: number, w: number): string {
  return h === w ? String(h) : `${h}x${w}`;
}
