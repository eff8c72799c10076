/**
 * Every action of the page goes the same way: the dry run first (what would
 * change, conflicts included), then a confirmation, then the real call and
 * what it did. Nothing is written before the user confirms the preview they
 * see; an error at either stage is shown in words.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox } from './components.tsx';

type Stage<R> =
  | { at: 'previewing' }
  | { at: 'previewed'; preview: R }
  | { at: 'performing'; preview: R }
  | { at: 'done'; result: R }
  | { at: 'failed'; error: unknown; preview?: R };

export interface ConfirmProps<R> {
  title: string;
  /** The dry run. */
  preview: () => Promise<R>;
  /** The real thing, after confirmation. */
  perform: () => Promise<R>;
  render: (result: R, dryRun: boolean) => ComponentChildren;
  confirmLabel: string;
  /** Controls above the preview (e.g. the conflict policy); a change in key re-runs the preview. */
  controls?: ComponentChildren;
  previewKey?: string;
  onClose: () => void;
  /** After a successful perform: the caller reloads what changed. */
  onDone: () => void;
}

export function Confirm<R>(props: ConfirmProps<R>) {
  const { title, preview, perform, render, confirmLabel, controls, previewKey, onClose, onDone } = props;
  const [stage, setStage] = useState<Stage<R>>({ at: 'previewing' });

  useEffect(() => {
    let current = true;
    setStage({ at: 'previewing' });
    preview().then(
      (p) => current && setStage({ at: 'previewed', preview: p }),
      (error: unknown) => current && setStage({ at: 'failed', error }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewKey]);

  const confirm = (p: R): void => {
    setStage({ at: 'performing', preview: p });
    perform().then(
      (result) => {
        setStage({ at: 'done', result });
        onDone();
      },
      (error: unknown) => setStage({ at: 'failed', error, preview: p }),
    );
  };

  return (
    <section class="confirm" aria-label={title}>
      <header>
        <h3>{title}</h3>
        <button type="button" class="link" onClick={onClose}>
          close
        </button>
      </header>
      {controls}
      {stage.at === 'previewing' && <p class="muted">Dry run…</p>}
      {(stage.at === 'previewed' || stage.at === 'performing') && (
        <div class="preview">
          <p>
            <strong>Preview (dry run, nothing changed yet):</strong>
          </p>
          {render(stage.preview, true)}
          <div class="buttons">
            <button type="button" class="danger" disabled={stage.at === 'performing'} onClick={() => confirm(stage.preview)}>
              {confirmLabel}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {stage.at === 'failed' && <ErrorBox error={stage.error} />}
      {stage.at === 'done' && (
        <div class="done" role="status">
          <p>
            <strong>Done.</strong>
          </p>
          {render(stage.result, false)}
        </div>
      )}
    </section>
  );
}
