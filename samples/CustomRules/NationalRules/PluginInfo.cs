using ElectionAudit.Plugins;

// The plugin owns EA7900-EA7999: the host refuses any rule ID outside this prefix or one that another rule already uses.
[assembly: RulePlugin("EA79", Name = "National election rules (sample)")]
