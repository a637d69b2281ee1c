/** Noise controls: silences, inhibition, maintenance windows and flapping hold alerts back from incidents, with the reason. */
export { matcherSchema, matcherField, matcherText, parseMatcher, matchAll, matchesEmpty, matchLabels, formatMatcher, type Matcher } from './matchers.js';
export { silenceSchema, SilenceState, silenceState, expireSilence, compileSilence, silenceOf, type Silence, type CompiledSilence } from './silences.js';
export { maintenanceWindowSchema, recurrenceSchema, inWindow, compileWindow, windowOf, WEEKDAYS, type MaintenanceWindow, type Recurrence, type CompiledWindow } from './maintenance.js';
export { inhibitRuleSchema, Inhibition, type InhibitRule, type Inhibitor } from './inhibition.js';
export { flappingConfigSchema, recordChange, isFlapping, type FlappingConfig } from './flapping.js';
export { screenAlert, suppressionOf, type Screening } from './screen.js';
export { SuppressionRules, type SuppressionConfig } from './rules.js';
