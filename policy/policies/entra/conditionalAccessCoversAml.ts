import { ConditionalAccessPolicy } from "@pulumi/azuread";
import { DEFAULT_CA_APPLICATIONS } from "../../../lib/conditionalAccess";
import { get, resourceRule } from "../kit";

export default resourceRule(ConditionalAccessPolicy, {
    id: "EN-03",
    name: "conditional-access-covers-aml",
    level: "opt-in",
    description:
        "A Conditional Access policy for the team covers the Azure ML sign-in apps: studio, AI Studio and the Azure Machine Learning API (SDK, CLI).",
    source: "AML docs (how-to-setup-authentication.md, Use Conditional Access); Entra first-party app table",
    check: (props, report) => {
        const included = get(props, "conditions.applications.includedApplications");
        const list = Array.isArray(included) ? (included as unknown[]).map((a) => String(a).toLowerCase()) : [];
        if (list.includes("all")) return;
        const missing = DEFAULT_CA_APPLICATIONS.filter((a) => !list.includes(a));
        if (missing.length > 0) report(`conditions.applications.includedApplications misses ${missing.join(", ")}`);
    },
});
