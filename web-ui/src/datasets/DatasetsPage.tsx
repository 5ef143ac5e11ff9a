import { useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/problem';
import type { Dataset } from '../api/types';
import { useApi } from '../app/context';
import { bytes, count, shape } from '../app/format';
import { useAsync } from '../app/hooks';
import { href, navigate } from '../app/router';
import { Empty, ErrorNote, Field, Loading, PageHeader, described } from '../app/ui';
import { type DatasetFormat, FORMATS, type UploadProgress, checkUpload, uploadForm } from './upload';

/** Data sets, and the upload form. */
export function DatasetsPage() {
  const api = useApi();
  const datasets = useAsync(() => api.listDatasets(), []);
  const list = datasets.data?.datasets ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={<span id="page-title">Data sets</span>} />
      <ErrorNote error={datasets.error} title="Could not list the data sets" onRetry={datasets.reload} />
      {datasets.loading && !datasets.data && <Loading what="data sets" />}
      {datasets.data && list.length === 0 && (
        <Empty>
          No data sets yet — upload one below. Fashion-MNIST registers itself when Debian's <code>dataset-fashion-mnist</code> is installed.
        </Empty>
      )}
      {list.length > 0 && (
        <div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">Data set</th>
                <th scope="col">Sample shape</th>
                <th scope="col">Classes</th>
                <th scope="col">Samples</th>
                <th scope="col">Format</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.name}>
                  <th scope="row" data-label="Data set">
                    <a href={href.dataset(d.name)}>{d.name}</a>
                  </th>
                  <td data-label="Sample shape">{shape(d.input_shape)}</td>
                  <td data-label="Classes">{d.class_names ? d.class_names.length : '–'}</td>
                  <td data-label="Samples">{splitText(d)}</td>
                  <td data-label="Format">{d.format ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <UploadForm onUploaded={datasets.reload} />
    </section>
  );
}

export function splitText(d: Dataset): string {
  return d.split_counts ? Object.entries(d.split_counts).map(([k, v]) => `${count(v)} ${k}`).join(', ') : '–';
}

function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<DatasetFormat>('idx');
  const [labelColumn, setLabelColumn] = useState('label');
  const [files, setFiles] = useState<File[]>([]);
  const [shown, setShown] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorField, setErrorField] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const errors = checkUpload(name, format, files);
  const nameError = (shown ? errors.name : null) ?? (errorField === 'name' ? error : null);
  const filesError = (shown ? errors.files : null) ?? (errorField === 'files' ? error : null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    setErrorField(null);
    if (Object.keys(errors).length > 0) {
      requestAnimationFrame(() => (e.target as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const form = new FormData();
    form.append('name', name.trim());
    form.append('format', format);
    if (format === 'csv' && labelColumn.trim()) form.append('label_column', labelColumn.trim());
    for (const f of files) form.append('files', f, f.name);
    abort.current = new AbortController();
    setProgress({ loaded: 0, total: files.reduce((n, f) => n + f.size, 0) });
    try {
      await uploadForm(api.url('/api/v1/datasets'), form, setProgress, abort.current.signal);
      onUploaded();
      navigate(href.dataset(name.trim()));
    } catch (err) {
      const field = (err as { field?: string | null }).field ?? null;
      if ((err as { unauthorized?: boolean }).unauthorized) api.auth.markSignedOut();
      setError(messageOf(err));
      setErrorField(field === 'name' ? 'name' : field === 'files' || field === 'format' ? 'files' : null);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  const pct = progress?.total ? Math.round((progress.loaded / progress.total) * 100) : null;
  return (
    <form class="panel form" onSubmit={submit} noValidate aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a data set</h2>
      <div class="row">
        <Field id="ds-name" label="Name" error={nameError} hint="lower-case, e.g. my-digits">
          <input {...described('ds-name', nameError, 'lower-case, e.g. my-digits')} value={name} autoComplete="off" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </Field>
        <Field id="ds-format" label="Format">
          <select id="ds-format" value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value as DatasetFormat)}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f === 'idx' ? 'IDX (MNIST-style, four files, gzipped or not)' : 'CSV (a label column and feature columns)'}
              </option>
            ))}
          </select>
        </Field>
        {format === 'csv' && (
          <Field id="ds-label" label="Label column">
            <input id="ds-label" value={labelColumn} onInput={(e) => setLabelColumn((e.target as HTMLInputElement).value)} />
          </Field>
        )}
      </div>
      <Field id="ds-files" label={format === 'idx' ? 'Files (train/test images and labels)' : 'CSV file'} error={filesError}>
        <input
          {...described('ds-files', filesError)}
          type="file"
          multiple={format === 'idx'}
          accept={format === 'idx' ? '.gz,.idx,application/gzip,application/octet-stream' : '.csv,text/csv'}
          onChange={(e) => setFiles(Array.from((e.target as HTMLInputElement).files ?? []))}
        />
      </Field>
      {files.length > 0 && (
        <ul class="plain small muted">
          {files.map((f) => (
            <li key={f.name}>
              {f.name} — {bytes(f.size)}
            </li>
          ))}
        </ul>
      )}
      {progress && (
        <div class="upload-progress" role="status">
          <label for="upload-bar">Uploading {pct != null ? `${pct}%` : ''}</label>
          <progress id="upload-bar" max={progress.total ?? undefined} value={progress.loaded} />
          <span class="muted small">
            {bytes(progress.loaded)}
            {progress.total ? ` of ${bytes(progress.total)}` : ''}
          </span>
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      )}
      {error && !errorField && (
        <div class="note error" role="alert">
          Upload failed: {error}
        </div>
      )}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={progress != null}>
          Upload
        </button>
      </div>
    </form>
  );
}
