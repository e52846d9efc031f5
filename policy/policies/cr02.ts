import { get, resourcePolicy, show, T } from "./kit";

export default resourcePolicy({
    id: "CR-02",
    name: "registry-no-anonymous-pull",
    level: "baseline",
    description: "Container registries refuse anonymous pull.",
    source: "Azure Policy 9f2dea28",
    types: [T.registry],
    check: (props, report) => {
        const value = get(props, "anonymousPullEnabled");
        if (value === true) report(`anonymousPullEnabled must be not true; found ${show(value)}`);
    },
});
