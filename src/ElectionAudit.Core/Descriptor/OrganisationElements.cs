using ElectionAudit.Model;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Descriptor;

/// <summary>An account with access to election systems (<c>accounts[]</c>).</summary>
public sealed class AccountElement : NamedDescriptorElement
{
    internal AccountElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "account")
    {
    }

    /// <summary>The system it gives access to (registrar, dns, cdn, hosting, cms, backup_console ...).</summary>
    public Located<string>? System => GetText("system");

    /// <summary>Whether the account is privileged.</summary>
    public Located<bool>? IsPrivileged => GetBoolean("privileged");

    /// <summary>Whether multi-factor authentication is enforced.</summary>
    public Located<bool>? HasMultiFactorAuthentication => GetBoolean("mfa");

    /// <summary>Whether several people use the account.</summary>
    public Located<bool>? IsShared => GetBoolean("shared");
}

/// <summary>A software product in use (<c>software[]</c>).</summary>
public sealed class SoftwareElement : NamedDescriptorElement
{
    internal SoftwareElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "software")
    {
    }

    /// <summary>The version in use.</summary>
    public Located<string>? Version => GetText("version");

    /// <summary>The end-of-life date of this version.</summary>
    public Located<DateOnly>? EndOfLife => GetDate("eol");

    /// <summary>The lowest acceptable version.</summary>
    public Located<string>? MinimumVersion => GetText("min_version");
}

/// <summary>A third-party provider (<c>providers[]</c>).</summary>
public sealed class ProviderElement : NamedDescriptorElement
{
    internal ProviderElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "provider")
    {
    }

    /// <summary>What the provider does (hosting, cdn, dns, registrar, ddos, backup, email, other).</summary>
    public Located<string>? Kind => GetText("kind");

    /// <summary>The escalation contact.</summary>
    public Located<string>? Contact => GetText("contact");

    /// <summary>Where the contract's incident-response terms are.</summary>
    public Located<string>? IncidentResponse => GetText("incident_response");
}

/// <summary>A political organisation supported or audited (<c>parties[]</c>).</summary>
public sealed class PartyElement : NamedDescriptorElement
{
    internal PartyElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "party")
    {
    }

    /// <summary>The party's <c>incident_response</c> section.</summary>
    public DescriptorSection IncidentResponse => Section("incident_response");

    /// <summary>Where the party's incident response plan is.</summary>
    public Located<string>? IncidentResponsePlan => IncidentResponse.GetText("plan");

    /// <summary>Whether the party enforces MFA on its accounts.</summary>
    public Located<bool>? EnforcesMultiFactorAuthentication => GetBoolean("mfa_enforced");

    /// <summary>The party's contact with the national CSIRT.</summary>
    public Located<string>? CsirtLiaison => GetText("csirt_liaison");
}

/// <summary>A load test of the results site (<c>load_tests[]</c>).</summary>
public sealed class LoadTestElement : DescriptorElement
{
    internal LoadTestElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping, int index)
        : base(mapping)
    {
        Descriptor = descriptor;
        Index = index;
    }

    /// <summary>The descriptor that declares it.</summary>
    public ElectionDescriptor Descriptor { get; }

    /// <summary>Position in the list.</summary>
    public int Index { get; }

    /// <summary>When it ran (or is scheduled).</summary>
    public Located<DateOnly>? Date => GetDate("date");

    /// <summary>The host tested.</summary>
    public Located<string>? Target => GetText("target");

    /// <summary>Peak requests per second sustained.</summary>
    public Located<long>? PeakRequestsPerSecond => GetInteger("peak_rps");

    /// <inheritdoc />
    public override string Key => $"load-test[{Index}]";
}
