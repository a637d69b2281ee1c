/** What series mean before detection: histograms as quantiles, and the signal class and family of a series. */
export { SeriesSemantics, QUANTILES, type SeriesSemanticsOptions } from './semantics.js';
export { classify, familyOf, type SignalClass } from './classify.js';
