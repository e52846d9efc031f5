/**
 * Every rule of the pack, in baseline-table order. The CrossGuard pack (policy/index.ts) and the offline plan
 * (scripts/offline/policies.ts) both take their policies from here. Importing this module starts nothing.
 */
import type { Rule } from "./kit";
import cp01 from "./cp01";
import cp02 from "./cp02";
import cp03 from "./cp03";
import cp05 from "./cp05";
import cp06 from "./cp06";
import cp07 from "./cp07";
import cp08 from "./cp08";
import ws01 from "./ws01";
import ws02 from "./ws02";
import ws03 from "./ws03";
import ws05 from "./ws05";
import ws06 from "./ws06";
import ws08 from "./ws08";
import kv01 from "./kv01";
import kv02 from "./kv02";
import kv03 from "./kv03";
import kv0405 from "./kv0405";
import st01 from "./st01";
import st02 from "./st02";
import st03 from "./st03";
import st04 from "./st04";
import st0506 from "./st0506";
import st09 from "./st09";
import st13 from "./st13";
import st14 from "./st14";
import cr01 from "./cr01";
import cr02 from "./cr02";
import cr03 from "./cr03";
import ai01 from "./ai01";
import ai02 from "./ai02";
import ra01 from "./ra01";
import ra01ids from "./ra01ids";
import ra02 from "./ra02";
import ra03 from "./ra03";
import ra04 from "./ra04";
import ra06 from "./ra06";
import en01 from "./en01";
import en02 from "./en02";
import en03 from "./en03";
import { hardenedInProduction, hardenedResourcesInProduction } from "./hardenedInProduction";
import { storageInfrastructureEncryption, storageSas7Days, storageSasPolicy } from "./builtinStorage";
import { registryArmAudienceDisabled, registryExportDisabled } from "./builtinRegistry";
import { insightsNoPublicNetwork } from "./builtinInsights";
import {
    computeInVnet,
    workspaceCmkV2,
    workspaceDiagnosticsName,
    workspaceDnsZones,
    workspaceUserAssignedIdentity,
    workspaceV1LegacyMode,
} from "./builtinWorkspace";

const RULES: readonly Rule[] = [
    cp01,
    cp02,
    cp03,
    cp05,
    cp06,
    cp07,
    cp08,
    ws01,
    ws02,
    ws03,
    ws05,
    ws06,
    ws08,
    kv01,
    kv02,
    kv03,
    kv0405,
    st01,
    st02,
    st03,
    st04,
    st0506,
    st09,
    st13,
    st14,
    cr01,
    cr02,
    cr03,
    ai01,
    ai02,
    ra01,
    ra01ids,
    ra02,
    ra03,
    ra04,
    ra06,
    en01,
    en02,
    en03,
    // Microsoft built-in Azure Policy definitions not covered by a baseline row (issue 13; lib/exemptions.ts).
    storageInfrastructureEncryption,
    storageSasPolicy,
    storageSas7Days,
    registryExportDisabled,
    registryArmAudienceDisabled,
    insightsNoPublicNetwork,
    workspaceDnsZones,
    workspaceDiagnosticsName,
    workspaceUserAssignedIdentity,
    workspaceCmkV2,
    computeInVnet,
    workspaceV1LegacyMode,
];

/** All rules, plus the production escalation of the Hardened ones (a resource half and a stack half). */
export const ALL_RULES: readonly Rule[] = [...RULES, hardenedResourcesInProduction(RULES), hardenedInProduction(RULES)];
