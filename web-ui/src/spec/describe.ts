import type { Layer } from './layers';

/** A layer's parameters in a line, torch-style: "out_features=512, bias=True". */
export function layerArguments(layer: Layer): string {
  return Object.entries(layer)
    .filter(([k, v]) => k !== 'type' && v != null)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(', ')})` : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)}`)
    .join(', ');
}
