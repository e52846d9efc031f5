import { ApplicationFederatedIdentityCredential } from "@pulumi/azuread";
import { ENTRA_AUDIENCE, issuerSubjectProblems } from "../../../lib/federation";
import { resourceRule, show } from "../kit";

export default resourceRule(ApplicationFederatedIdentityCredential, {
    id: "EN-02",
    name: "federated-credential-well-formed",
    level: "baseline",
    description:
        "Federated identity credentials have an https issuer, a well-formed subject without wildcards and exactly the api://AzureADTokenExchange audience.",
    source: "Checkov CKV_AZURE_249; GitHub OIDC docs; Entra workload identity federation docs",
    check: (props, report) => {
        // The same issuer/subject rules the config applies (lib/federation.ts): one rule, two places it is enforced.
        const issuer = props["issuer"];
        const subject = props["subject"];
        if (typeof issuer !== "string") report(`issuer must be an https URL; found ${show(issuer)}`);
        if (typeof subject !== "string") report(`subject must be set; found ${show(subject)}`);
        if (typeof issuer === "string" && typeof subject === "string") {
            for (const p of issuerSubjectProblems(issuer, subject)) report(p);
        }
        const audiences = props["audiences"];
        if (!Array.isArray(audiences) || audiences.length !== 1 || audiences[0] !== ENTRA_AUDIENCE) {
            report(`audiences must be exactly ["${ENTRA_AUDIENCE}"]; found ${show(audiences)}`);
        }
    },
});
