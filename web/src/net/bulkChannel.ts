// Limits of the mesh's bulk data channels (all-reduce, state sync), apart from the transport so that Node tools
// (the all-reduce bench) can report them without compiling the browser mesh.

/**
 * Measured (bench/README.md): 1 MiB buffered moves as fast as 4 MiB (ring links run at 6–20 MiB/s here), and
 * covers ~170 ms of main-thread stall at 6 MiB/s; every byte buffered is time a heartbeat queues behind, which
 * the engine's liveness limits grow with (Transport.windowBytes).
 */
export const highWaterBytes = 1024 * 1024
/** Sending resumes below this: far enough under the high-water mark that one event refills several frames. */
export const lowWaterBytes = 256 * 1024
/**
 * All-reduce frame size of browser swarms: the `maxMessageSize` Chromium, Firefox and Safari all negotiate.
 * Measured (bench/README.md): 64 KiB frames cost the browser ~15% more CPU per MiB than 256 KiB ones, and on
 * this CPU-bound machine that is ~15% of the bus bandwidth. Every browser member uses this value (frames are
 * part of the protocol); a link that takes less fails the attempt with an error naming it.
 */
export const bulkFrameBytes = 262_144
