import { count, shape } from '../app/format';
import { layerArguments } from './describe';
import { type ModelSpec, SpecError } from './layers';
import { inferShapes } from './shapeInference';

/** A model spec as a table of layers with their output shapes and parameter counts (as the server infers them). */
export function SpecTable({ spec }: { spec: ModelSpec | null | undefined }) {
  if (spec == null) return <p class="muted">No model spec recorded.</p>;
  if (spec.template != null && spec.layers == null) {
    return <p>The built-in <strong>{spec.template}</strong> template, fitted to the data set.</p>;
  }
  let inferred;
  try {
    inferred = inferShapes(spec);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return (
      <>
        <p class="muted">{e.message}</p>
        <pre class="code">{JSON.stringify(spec, null, 2)}</pre>
      </>
    );
  }
  return (
    <div class="table-wrap">
      <table class="compact">
        <caption class="visually-hidden">Layers of the model</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Layer</th>
            <th scope="col">Output shape</th>
            <th scope="col" class="num">Parameters</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>–</td>
            <td>input</td>
            <td>{shape(inferred.inputShape)}</td>
            <td class="num">–</td>
          </tr>
          {inferred.layers.map((l) => (
            <tr key={l.index}>
              <td>{l.index}</td>
              <td>
                <code>
                  {l.layer.type}({layerArguments(l.layer)})
                </code>
              </td>
              <td>{shape(l.outputShape)}</td>
              <td class="num">{count(l.trainableParameterCount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Trainable parameters
            </th>
            <td class="num">{count(inferred.parameterCount)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
