// The fleet's seam into the core: the internals that `sora-rx/bullmq` (src/bullmq/) needs and
// users do not. NOT public API: no package entry exports this file, and its names may change in
// any release.
//
// src/bullmq/ imports the core only from `./index.js` (what `sora-rx` exports), `./node.js`
// (`sora-rx/node`) and this file; test/bullmq/seam.test.ts fails on any other import. A fleet job
// runs in steps, one request per activation, so it takes the client apart: the resolved options,
// single requests sent once (its retries are delayed jobs, not timers in the worker), and the poll
// planner rebuilt at each step. Add here only what the public entries lack.

// The runtime's default transport (undici in Node), for a fleet given none.
export { platform } from '#platform';
// The single requests: a create with its `Idempotency-Key`, and one poll.
export type { ApiContext } from './api/api-context.js';
export { createApiRequest, videoPath } from './api/api-request.js';
export { checkCreateParams } from './api/create-params.js';
export { createVideoRequest } from './api/create-video.js';
// One list page, for the fleet's sweeps.
export { fetchVideoPage, type VideoPage } from './api/fetch-video-page.js';
export { fetchVideoTask } from './api/fetch-video-task.js';
export { readTaskResponse, type TaskResponse } from './api/task-response.js';
// The client's options, resolved as `createSoraClient` resolves them.
export { resolveClientOptions } from './client/resolve-client-options.js';
// Where a download to a directory puts a video: a step sweeps the parts a killed worker left.
export { videoFilePath } from './download/video-file-name.js';
export { sendRequest } from './http/send-request.js';
export { withRequestTimeout } from './http/timeout-transport.js';
export { isNoList } from './list/no-list-answer.js';
// Whether a task changed, as `videoStatus$` decides it, for what a job publishes.
export { isSameTaskState } from './model/is-same-task-state.js';
// Whether what a job published is a task (the codec `decodeVideoTask` ends with).
export { VideoTaskCodec } from './model/video-task.js';
// The client's backoff, for the delay of a job parked after a failed request.
export { computeRetryDelay, resolveRetryOptions } from './operators/retry-with-backoff.js';
// The one planner of `videoStatus$`, rebuilt at each step from what the job kept.
export { GenerationLearner } from './schedule/generation-learner.js';
export { createPollSchedule, type PollSchedule } from './schedule/poll-schedule.js';
export { parseHttpDate, taskAgeMs } from './schedule/task-age.js';
export { TaskPlanner, watchDeadlineMs } from './schedule/task-planner.js';
// Options checked as the client checks its own, with the same messages.
export {
  assertDuration,
  assertFunction,
  assertKnownOptions,
  assertPositiveNumber,
} from './util/assert-options.js';
