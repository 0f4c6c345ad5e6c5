/** Label and field selectors: parsing (errors as values) and matching. Pure. */
export {
  parseLabelSelector, matchesLabels, requirementsOf, labelSelectorMatcher,
  labelSelectorToString, labelRequirementsToString,
} from './labels.js';
export type { LabelRequirement, LabelOperator, ParseResult } from './labels.js';
export { parseFieldSelector, matchesFields, supportedFields } from './fields.js';
export type { FieldRequirement } from './fields.js';
