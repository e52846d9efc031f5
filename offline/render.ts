/**
 * The offline plan's public face, re-exported from offline/plan/: the model (model.ts and the files it builds from),
 * the reviewer rules (reviewer.ts) and the renderers, each taking the same PlanModel (text.ts, markdown.ts,
 * mermaid.ts). scripts/plan.ts and the specs import from here.
 */
export {
    type Grant,
    NOTICE,
    type PlanAppRoleAssignment,
    planModel,
    type PlanModel,
    type PlanPrincipal,
    type PlanResource,
    type PlanSummary,
    type PublicEndpoint,
    type RotationTimeline,
} from "./plan/model";
export { MASK, mask } from "./plan/settings";
export { cutAtWord, SHORT_REASON_MAX, shortReason } from "./plan/reasons";
export { DEFAULT_STORAGE, publicEndpoints } from "./plan/publicNetwork";
export { principalsOf } from "./plan/principals";
export { findingLines, reviewerWarnings, sharedFinding } from "./plan/reviewer";
export { showSetting } from "./plan/lines";
export { renderText } from "./plan/text";
export { accessMarkdown, renderMarkdown } from "./plan/markdown";
export { accessDiagram } from "./plan/mermaid";
