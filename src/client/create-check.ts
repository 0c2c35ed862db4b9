import { catchError, defer, map, type Observable, of, tap } from 'rxjs';
import type { ApiContext } from '../api/api-context.js';
import type { CheckedCreateParams } from '../api/create-params.js';
import { fetchVideoModels } from '../api/fetch-video-models.js';
import type { VideoModel } from '../model/video-model.js';

/** Checks a create's params against what the gateway says its models make; emits once if fine. */
export type CreateCheck = (params: CheckedCreateParams) => Observable<unknown>;

/**
 * The check of a client's creates against its gateway's models list, where the dialect has one
 * (OpenRouter's): a length or size that the chosen model does not make, or a first or last frame
 * it does not take (`supported_frame_images`), fails on the stream with a
 * `TypeError` naming the param, before anything is sent or journalled, so nothing is paid for a
 * create the gateway would refuse. The list is asked once and kept. A list that cannot be read
 * is not retried, so that it never holds a create back: the create goes unchecked (the gateway
 * still decides), and the list is asked again at the next create. A model the list does not name
 * is left to the gateway too.
 */
export function createModelCheck(api: ApiContext): CreateCheck {
  const { modelsPath } = api.dialect;
  if (modelsPath === undefined) return () => of(undefined);
  let known: readonly VideoModel[] | undefined;
  const models$ = defer(() =>
    known !== undefined
      ? of(known)
      : fetchVideoModels(api, modelsPath).pipe(
          tap((models) => {
            known = models;
          }),
          catchError(() => of(undefined)),
        ),
  );
  return (checked) =>
    models$.pipe(
      map((models) => {
        if (models !== undefined) checkParamsAgainst(models, checked, api);
        return undefined;
      }),
    );
}

/** Throws a `TypeError` naming the param a listed model does not make. */
function checkParamsAgainst(
  models: readonly VideoModel[],
  checked: CheckedCreateParams,
  api: ApiContext,
): void {
  // The model the dialect sends: the user's, or the dialect's default.
  const { model } = api.dialect.createBody(checked);
  const listed = models.find((candidate) => candidate.id === model);
  if (listed === undefined) return;
  const { seconds, size } = checked;
  const { durations, sizes } = listed;
  if (seconds !== undefined && durations !== undefined && !durations.includes(Number(seconds))) {
    throw new TypeError(
      `Expected \`seconds\` to be a length ${listed.id} makes (${durations.join(', ')}), got ${JSON.stringify(seconds)}`,
    );
  }
  if (size !== undefined && sizes !== undefined && !sizes.includes(size)) {
    throw new TypeError(
      `Expected \`size\` to be one ${listed.id} makes (${sizes.join(', ')}), got ${JSON.stringify(size)}`,
    );
  }
  checkFramesAgainst(listed, checked);
}

/**
 * Throws a `TypeError` naming the first or last frame a listed model does not take. A model whose
 * list says nothing of frames (the field absent or `null`) is left to the gateway.
 */
function checkFramesAgainst(listed: VideoModel, { images }: CheckedCreateParams): void {
  const { frameImages } = listed;
  if (frameImages === undefined) return;
  const at = images.findIndex(
    (image) => image.role !== 'reference' && !frameImages.includes(image.role),
  );
  if (at === -1) return;
  const takes =
    frameImages.length === 0
      ? 'takes no frame images'
      : `takes only ${frameImages.join(' and ')} images`;
  throw new TypeError(
    `Expected \`images[${at}]\` to be a frame ${listed.id} takes: it ${takes}, got a ${images[at]?.role}`,
  );
}
