using ElectionAudit.Syntax;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Web;

/// <summary>What became of a file a directive names (a certificate, DH parameters).</summary>
public enum ReferencedFileStatus
{
    /// <summary>Read from the scan.</summary>
    Loaded,

    /// <summary>Not in the scan (a missing file, or an absolute path with no counterpart under the configuration's directory).</summary>
    NotFound,

    /// <summary>A relative path that leaves the scan root; not read.</summary>
    OutsideScan,

    /// <summary>The path holds nginx variables (or the <c>data:</c> prefix), known only per request; not read.</summary>
    NotStatic,

    /// <summary>Read, but holds nothing usable (no certificate, no DH parameters).</summary>
    Unusable,
}

/// <summary>
/// A certificate file a server directive names (nginx <c>ssl_certificate</c>), resolved like nginx resolves it (against
/// the configuration prefix, the main configuration's directory; absolute paths mapped into the scan as includes are).
/// A file that cannot be read leaves certificate rules silent, but is recorded here with the reason.
/// </summary>
public sealed class CertificateReference
{
    internal CertificateReference(SyntaxNode directive, Location pathLocation, string pathAsWritten, string? resolvedPath, ReferencedFileStatus status, string? problem)
    {
        Directive = directive;
        PathLocation = pathLocation;
        PathAsWritten = pathAsWritten;
        ResolvedPath = resolvedPath;
        Status = status;
        Problem = problem;
    }

    /// <summary>The directive.</summary>
    public SyntaxNode Directive { get; }

    /// <summary>The path argument.</summary>
    public Location PathLocation { get; }

    /// <summary>The path as written.</summary>
    public string PathAsWritten { get; }

    /// <summary>The scan-relative path it resolved to, or null.</summary>
    public string? ResolvedPath { get; }

    /// <summary>Whether the file was read.</summary>
    public ReferencedFileStatus Status { get; }

    /// <summary>Why the file was not read or not usable; null when <see cref="Status"/> is <see cref="ReferencedFileStatus.Loaded"/>.</summary>
    public string? Problem { get; }

    /// <summary>The certificates of the file, when it was read and holds any.</summary>
    public CertificateChain? Chain { get; internal set; }

    /// <summary>The server's own certificate (the first in the file), or null.</summary>
    public CertificateInfo? Leaf => Chain?.Leaf;

    /// <summary>
    /// The intermediates a separate file adds after the certificate (Apache <c>SSLCertificateChainFile</c>, deprecated
    /// since 2.4.8 but still honoured), or null when none applies or it could not be read.
    /// </summary>
    public PemCertificateFile? ChainFile { get; internal set; }

    /// <summary>The directive that names <see cref="ChainFile"/>, or null.</summary>
    public SyntaxNode? ChainFileDirective { get; internal set; }

    /// <summary>
    /// The private key file paired with the certificate (Apache <c>SSLCertificateKeyFile</c>, paired by position), as
    /// written; null when none is named (the key may then be in the certificate file).
    /// </summary>
    public string? KeyPathAsWritten { get; internal set; }

    /// <summary>Whether <see cref="KeyPathAsWritten"/> exists in the scan; it is only checked for, never read. Null when no key file is named.</summary>
    public bool? KeyFileExists { get; internal set; }
}

/// <summary>
/// DH parameters a server directive names (nginx <c>ssl_dhparam</c>), resolved like <see cref="CertificateReference"/>.
/// </summary>
public sealed class DhParametersReference
{
    internal DhParametersReference(Location pathLocation, string pathAsWritten, string? resolvedPath, ReferencedFileStatus status, string? problem, DhParameters? parameters, SourceText? source)
    {
        PathLocation = pathLocation;
        PathAsWritten = pathAsWritten;
        ResolvedPath = resolvedPath;
        Status = status;
        Problem = problem;
        Parameters = parameters;
        Source = source;
    }

    /// <summary>The path argument.</summary>
    public Location PathLocation { get; }

    /// <summary>The path as written.</summary>
    public string PathAsWritten { get; }

    /// <summary>The scan-relative path it resolved to, or null.</summary>
    public string? ResolvedPath { get; }

    /// <summary>Whether the file was read.</summary>
    public ReferencedFileStatus Status { get; }

    /// <summary>Why the file was not read or not usable; null when loaded.</summary>
    public string? Problem { get; }

    /// <summary>The parameters, when read.</summary>
    public DhParameters? Parameters { get; }

    /// <summary>The parameters file, when read.</summary>
    public SourceText? Source { get; }

    /// <summary>The PEM block of the parameters in their file, or null.</summary>
    public Location? ParametersLocation => Parameters is null || Source is null ? null : FirstLine(Source, Parameters.Span);

    internal static Location FirstLine(SourceText source, TextSpan block)
    {
        int end = source.Text.IndexOfAny(['\r', '\n'], block.Start, block.Length);
        return source.GetLocation(TextSpan.FromBounds(block.Start, end < 0 ? block.End : end));
    }
}

/// <summary>
/// A PEM certificate file a server serves (leaf first, then intermediates), as one model element, however many sites
/// use it: certificate rules report once per file, at the certificate's <c>-----BEGIN CERTIFICATE-----</c> line.
/// </summary>
public sealed class CertificateChain : ModelElement
{
    private readonly List<CertificateReference> _references = [];

    internal CertificateChain(string path, PemCertificateFile file)
    {
        Path = path;
        File = file;
    }

    /// <summary>The scan-relative path of the file.</summary>
    public string Path { get; }

    /// <summary>The parsed file (certificates with their spans; private key blocks recorded, never decoded).</summary>
    public PemCertificateFile File { get; }

    /// <summary>The certificates in file order.</summary>
    public IReadOnlyList<CertificateInfo> Certificates => File.Certificates;

    /// <summary>The server's own certificate: the first in the file (nginx sends the file's certificates in order).</summary>
    public CertificateInfo? Leaf => Certificates.Count > 0 ? Certificates[0] : null;

    /// <summary>The directives (and so the sites) that serve this file.</summary>
    public IReadOnlyList<CertificateReference> References => _references;

    /// <summary>The sites that serve this file.</summary>
    public IEnumerable<WebSite> Sites => Endpoints.Select(e => e.Site).Distinct();

    /// <summary>The TLS endpoints that serve this file.</summary>
    public IReadOnlyList<TlsEndpoint> Endpoints { get; internal set; } = [];

    /// <summary>The first certificate's <c>-----BEGIN CERTIFICATE-----</c> line, or the start of the file.</summary>
    public override Location Location => Leaf is null ? Text.Location.ForFile(Path) : GetLocation(Leaf);

    /// <inheritdoc />
    public override string Key => _key ??= "certificate:" + Path;

    // Made once: findings about the file start their logical keys with it, and keep it.
    private string? _key;

    /// <summary>The <c>-----BEGIN CERTIFICATE-----</c> line of <paramref name="certificate"/>: where findings about it point.</summary>
    public Location GetLocation(CertificateInfo certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return DhParametersReference.FirstLine(File.Source, certificate.Span);
    }

    internal void AddReference(CertificateReference reference) => _references.Add(reference);
}
