namespace ElectionAudit.Rules;

/// <summary>The documents rules trace to (see RULES.md "Sources and how to cite them").</summary>
public enum TraceSource
{
    /// <summary>ENISA, "Election Cybersecurity: Challenges and Opportunities" (2019), recommendations 1.1–1.12 (E1–E12).</summary>
    Enisa,

    /// <summary>NIS Cooperation Group, "Compendium on Cyber Security of Election Technology" (CG Publication 03/2018), cited by topic.</summary>
    Compendium,

    /// <summary>CIS, "A Handbook for Elections Infrastructure Security" v1.0 (2018), best practice n.</summary>
    CisHandbook,

    /// <summary>CIS, "Essential Guide to Election Security".</summary>
    CisEssentialGuide,

    /// <summary>CIS, "Security Best Practices for Non-Voting Election Technology" v1.1 (2019).</summary>
    CisNonVoting,

    /// <summary>NIST Cybersecurity Framework 1.1 subcategory (as used by NISTIR 8310).</summary>
    NistCsf,

    /// <summary>Mozilla Server Side TLS guidelines v5.7.</summary>
    Mozilla,

    /// <summary>internet.nl test criteria.</summary>
    InternetNl,

    /// <summary>CIS benchmark for NGINX.</summary>
    CisNginx,

    /// <summary>CIS benchmark for Apache HTTP Server 2.4.</summary>
    CisApache,

    /// <summary>CIS benchmark for BIND.</summary>
    CisBind,

    /// <summary>An IETF RFC.</summary>
    Rfc,

    /// <summary>Another public source, named in the reference text.</summary>
    Other,
}

/// <summary>Whether a source states what the rule checks, or the mapping is our reading of it.</summary>
public enum TraceMapping
{
    /// <summary>The source states it.</summary>
    Explicit,

    /// <summary>The mapping is our reading, not stated by the source ("[I]" in RULES.md). Rule pages say so.</summary>
    Interpretation,
}

/// <summary>One line of a rule's traceability: a source, the place in it, and how direct the mapping is.</summary>
/// <param name="Source">The document.</param>
/// <param name="Reference">The place in it, as the source numbers it (for example <c>E6</c>, <c>HB21</c>, <c>PR.IP-4</c>, <c>RFC 8659</c>, or a Compendium topic).</param>
/// <param name="Mapping">Explicit in the source, or our reading.</param>
public sealed record TraceReference(TraceSource Source, string Reference, TraceMapping Mapping)
{
    /// <summary>
    /// A short label for tables and tags, for example <c>ENISA E6</c>, <c>CIS Handbook HB21 [I]</c> or <c>RFC 8659</c>:
    /// an RFC reference written with its "RFC" (as the built-in rules write them) is not given a second one.
    /// </summary>
    public string Label => $"{(Source == TraceSource.Other || (Source == TraceSource.Rfc && NamesRfc(Reference)) ? Reference : SourceLabel(Source) + " " + Reference)}{(Mapping == TraceMapping.Interpretation ? " [I]" : string.Empty)}";

    // "RFC 8659" or "RFC8659": the reference says "RFC" itself.
    private static bool NamesRfc(string reference) =>
        reference.Length > 3 && reference.StartsWith("RFC", StringComparison.Ordinal) && (reference[3] == ' ' || char.IsAsciiDigit(reference[3]));

    /// <summary>The display name of a source.</summary>
    public static string SourceLabel(TraceSource source) => source switch
    {
        TraceSource.Enisa => "ENISA",
        TraceSource.Compendium => "Compendium",
        TraceSource.CisHandbook => "CIS Handbook",
        TraceSource.CisEssentialGuide => "CIS Essential Guide",
        TraceSource.CisNonVoting => "CIS Non-Voting",
        TraceSource.NistCsf => "NIST CSF",
        TraceSource.Mozilla => "Mozilla",
        TraceSource.InternetNl => "internet.nl",
        TraceSource.CisNginx => "CIS NGINX",
        TraceSource.CisApache => "CIS Apache",
        TraceSource.CisBind => "CIS BIND",
        TraceSource.Rfc => "RFC",
        _ => "Other",
    };
}
