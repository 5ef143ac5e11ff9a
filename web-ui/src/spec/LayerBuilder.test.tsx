// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LayerBuilder, type ServerSpecError } from './LayerBuilder';
import { type LayerDraft, layerToDraft, newDraft } from './builder';
import { mlp } from './templates';

// The builder component in a DOM: typing changes the shapes at once, and the layer that does not fit is marked.

let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function Harness({ initial, serverError }: { initial: LayerDraft[]; serverError?: ServerSpecError }) {
  const [drafts, setDrafts] = useState(initial);
  return <LayerBuilder drafts={drafts} onChange={setDrafts} inputShape={[1, 28, 28]} numClasses={10} datasetName="fashion-mnist" serverError={serverError} />;
}

function mount(initial: LayerDraft[], serverError?: ServerSpecError) {
  act(() => render(<Harness initial={initial} serverError={serverError} />, root));
}

const rows = () => Array.from(root.querySelectorAll<HTMLLIElement>('li.layer'));
const summary = () => root.querySelector('.builder-summary')!.textContent!.replace(/\s+/g, ' ').trim();
const inputIn = (row: HTMLElement, label: string) => {
  const l = Array.from(row.querySelectorAll('label')).find((x) => x.textContent!.replace('*', '').trim() === label)!;
  return root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${l.htmlFor}`)!;
};

function type(input: HTMLInputElement, text: string) {
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('LayerBuilder', () => {
  it('shows each layer output shape and the parameter count of the API example', () => {
    mount(mlp([1, 28, 28], 10).layers!.map((l) => layerToDraft(l!)));

    expect(rows().map((r) => r.querySelector('.shape')!.textContent)).toEqual(['[784]', '[512]', '[512]', '[512]', '[512]', '[10]']);
    expect(summary()).toBe('Output [10] · 669,706 trainable parameters');
  });

  it('updates shapes and the count as you type, and points at the layer that stops fitting', () => {
    mount(mlp([1, 28, 28], 10).layers!.map((l) => layerToDraft(l!)));

    type(inputIn(rows()[1], 'out_features') as HTMLInputElement, '256');
    expect(rows()[1].querySelector('.shape')!.textContent).toBe('[256]');
    // 784*256+256 + 256*512+512 + 512*10+10
    expect(summary()).toBe(`Output [10] · ${(784 * 256 + 256 + 256 * 512 + 512 + 5130).toLocaleString('en-US')} trainable parameters`);

    type(inputIn(rows()[3], 'in_features') as HTMLInputElement, '512');
    const bad = rows()[3];
    expect(bad.classList.contains('invalid')).toBe(true);
    expect(bad.querySelector('.field-error')!.textContent).toBe('layer 3 (Linear) expects 512 input features, got 256 (input shape [256])');
    expect(inputIn(bad, 'in_features').getAttribute('aria-invalid')).toBe('true');
    expect(inputIn(bad, 'out_features').getAttribute('aria-invalid')).toBeNull();
    expect(rows()[4].classList.contains('unchecked')).toBe(true);
    expect(summary()).toContain('Does not fit: layer 3 (Linear) expects 512 input features, got 256');
    expect(root.querySelector('.builder-summary a')!.textContent).toBe('Go to layer 3');
  });

  it('focuses the offending field from the summary link', () => {
    mount([newDraft('Flatten'), newDraft('Linear', { out_features: '10', in_features: '100' })]);

    act(() => root.querySelector<HTMLAnchorElement>('.builder-summary a')!.click());

    expect(document.activeElement).toBe(inputIn(rows()[1], 'in_features'));
  });

  it('adds, moves and removes layers with the keyboard-reachable buttons', () => {
    mount([newDraft('Flatten'), newDraft('Linear', { out_features: '10' })]);

    act(() => {
      (root.querySelector('#add-layer-type') as HTMLSelectElement).value = 'ReLU';
      root.querySelector('#add-layer-type')!.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Add ReLU')!.click());
    expect(rows().map((r) => r.querySelector('legend')!.textContent)).toEqual(['Layer 0: Flatten', 'Layer 1: Linear', 'Layer 2: ReLU']);
    expect(summary()).toBe('Output [10] · 7,850 trainable parameters');

    act(() => root.querySelector<HTMLButtonElement>('[aria-label="Move layer 2 up"]')!.click());
    expect(rows().map((r) => r.querySelector('legend')!.textContent)).toEqual(['Layer 0: Flatten', 'Layer 1: ReLU', 'Layer 2: Linear']);

    act(() => root.querySelector<HTMLButtonElement>('[aria-label="Remove layer 0"]')!.click());
    expect(rows()[1].querySelector('.field-error')!.textContent).toBe(
      'layer 1 (Linear) needs a 1-D input per sample but gets [1, 28, 28]; add a Flatten before it',
    );
  });

  it('says the output must be one score per class', () => {
    mount([newDraft('Flatten'), newDraft('Linear', { out_features: '12' })]);

    expect(rows()[1].querySelector('.shape')!.textContent).toBe('[12]');
    expect(rows()[1].querySelector('.field-error')!.textContent).toBe("the last layer gives 12 outputs but data set 'fashion-mnist' has 10 classes");
  });

  it('labels every control', () => {
    mount(mlp([1, 28, 28], 10).layers!.map((l) => layerToDraft(l!)));

    for (const control of Array.from(root.querySelectorAll('input, select'))) {
      const label = root.querySelector(`label[for="${control.id}"]`) ?? control.getAttribute('aria-label');
      expect(label, `control ${control.id} has a label`).toBeTruthy();
    }
  });

  it("marks the layer a server refusal names when the local check passes", () => {
    mount([newDraft('Flatten'), newDraft('Linear', { out_features: '10' })], {
      message: 'layer 1 (Linear) out_features is too large for this worker',
      field: 'model.layers[1].out_features',
      layerIndex: 1,
    });

    expect(rows()[1].classList.contains('invalid')).toBe(true);
    expect(inputIn(rows()[1], 'out_features').getAttribute('aria-invalid')).toBe('true');
  });
});
