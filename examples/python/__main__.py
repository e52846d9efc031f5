"""A team's Pulumi Python program using aml-stamp through `pulumi package add`.

`pulumi package add github.com/contoso/aml-stamp@v0.3.0` generates the SDK `pulumi_aml_stamp` from the plugin's
schema (schema.json): every stack setting of aml-stamp is a keyword argument (snake_case), nested settings are the
generated input classes (`<Type>Args`). Only team and environment are required; the Stamp applies every other
default and validates the values as `pulumi up` of aml-stamp does. Not run here (examples/README.md):
tests/examples.spec.ts compiles this file and checks its keyword arguments and classes against schema.json.
"""

import pulumi
import pulumi_aml_stamp as aml_stamp

stamp = aml_stamp.Stamp(
    "vision-dev",
    team="vision",
    environment="dev",
    location="westeurope",
    tags={"cost-center": "4711"},
    compute_clusters={
        "cpu": aml_stamp.ComputeClusterSettingsArgs(
            vm_size="Standard_DS3_v2",
            max_nodes=4,
        ),
    },
    automation=aml_stamp.AutomationSettingsArgs(
        rotation_days=60,
    ),
)

# What MLClient.from_config() reads: `pulumi stack output clientConfig --json > .azureml/config.json`.
pulumi.export("clientConfig", stamp.client_config)
pulumi.export("workspaceName", stamp.workspace.name)
