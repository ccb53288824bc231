// How many ELLIPSE train essays the aspect fit reads: one in ELLIPSE_TRAIN_EVERY (by a hash of the essay id), to bound
// the linting time on the shared machine; QUALITY_ELLIPSE_EVERY=1 reads them all. One setting shared by the fit and
// the lint-cache warmer.
export const ELLIPSE_TRAIN_EVERY = Number(process.env.QUALITY_ELLIPSE_EVERY ?? 3)
