/**
 * Rounds to float32. Keras runs every op on float32 tensors, rounding each
 * result; scalar coefficients here are rounded at the same points so that
 * step-dependent factors (bias corrections, schedules) match Keras bit for
 * bit or within an ulp. Element loops compute in float64 and round once on
 * store, which is closer to exact and well within the oracle tolerance.
 */
export const f32 = Math.fround;
