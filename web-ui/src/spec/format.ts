/** Formatting that matches the server's (Java) messages, so the UI shows the same words the server would. */

/** A list the way Java's List.toString prints it: [1, 28, 28]. */
export function javaList(values: readonly (number | null | undefined)[] | null | undefined): string {
  if (values == null) return 'null';
  return '[' + values.map((v) => (v == null ? 'null' : javaNumber(v))).join(', ') + ']';
}

/** An integer as Java's %d prints it; other numbers as Double.toString. */
export function javaNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : javaDouble(value);
}

/** A double the way Java's Double.toString (and %s) prints it: 1.0, 1.5, 1.0E-5. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(value);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const text = String(value);
    return text.includes('.') ? text : text + '.0';
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return (mantissa.includes('.') ? mantissa : mantissa + '.0') + 'E' + Number(exponent);
}

/** A count with thousands separators, like Java's %,d in Locale.ROOT: 669,706. */
export function grouped(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
