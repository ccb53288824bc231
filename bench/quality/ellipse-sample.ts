// How many ELLIPSE train essays the aspect fit reads: one in ELLIPSE_TRAIN_EVERY (by a hash of the essay id). All
// 4,571 by default (the lint cache makes that one lint per rules version, about 25 minutes here at load ~5);
// QUALITY_ELLIPSE_EVERY=3 fits on one in three, as before 2026-12-02. Shared by the fit and the lint-cache warmer.
export const ELLIPSE_TRAIN_EVERY = Number(process.env.QUALITY_ELLIPSE_EVERY ?? 1)
