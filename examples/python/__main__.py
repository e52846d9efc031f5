"""A team's Pulumi Python program using aml-stamp through `pulumi package add`.

`pulumi package add github.com/contoso/aml-stamp@v0.2.0` generates the SDK `pulumi_aml_stamp` from the plugin's
schema (schema.json) and prints the import line to use. Not run here (examples/README.md): tests/examples.spec.ts
compiles this file and checks its keyword arguments against schema.json.
"""

import pulumi
import pulumi_aml_stamp as aml_stamp

stamp = aml_stamp.Stamp(
    "vision-dev",
    team="vision",
    environment="dev",
    # Any other stack config key of aml-stamp (Pulumi.yaml `config:`), as a stack file would hold it.
    config={
        "location": "westeurope",
        "computeClusters": {"cpu": {"vmSize": "Standard_DS3_v2", "maxNodes": 4}},
    },
)

# What MLClient.from_config() reads: `pulumi stack output clientConfig --json > .azureml/config.json`.
pulumi.export(
    "clientConfig",
    {
        "subscription_id": stamp.subscription_id,
        "resource_group": stamp.resource_group_name,
        "workspace_name": stamp.workspace_name,
    },
)
