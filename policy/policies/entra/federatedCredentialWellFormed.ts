import { ApplicationFederatedIdentityCredential } from "@pulumi/azuread";
import { ENTRA_AUDIENCE, issuerSubjectProblems } from "../../../lib/federation";
import { type Expectation, expectAt, MUST, resourceRule } from "../kit";

const ONLY_ENTRA_AUDIENCE: Expectation = {
    test: (v) => Array.isArray(v) && v.length === 1 && v[0] === ENTRA_AUDIENCE,
    wants: `exactly ["${ENTRA_AUDIENCE}"]`,
};

export default resourceRule(ApplicationFederatedIdentityCredential, {
    id: "EN-02",
    name: "federated-credential-well-formed",
    level: "baseline",
    description:
        "Federated identity credentials have an https issuer, a well-formed subject without wildcards and exactly the api://AzureADTokenExchange audience.",
    source: "Checkov CKV_AZURE_249; GitHub OIDC docs; Entra workload identity federation docs",
    check: (props, report) => {
        // The same issuer/subject rules the config applies (lib/federation.ts): one rule, two places it is enforced.
        const { issuer, subject } = props;
        expectAt(props, "issuer", MUST.string("an https URL"), report);
        expectAt(props, "subject", MUST.string("set"), report);
        if (typeof issuer === "string" && typeof subject === "string") {
            for (const p of issuerSubjectProblems(issuer, subject)) report(p);
        }
        expectAt(props, "audiences", ONLY_ENTRA_AUDIENCE, report);
    },
});
