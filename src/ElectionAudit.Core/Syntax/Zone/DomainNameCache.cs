namespace ElectionAudit.Syntax.Zone;

/// <summary>
/// Names already parsed in one zone file, by their text as written, for the current origin. Real zones repeat the same
/// owners and targets thousands of times (a signed root zone writes every TLD's name for its NS, DS, RRSIG and NSEC records,
/// and the same dozen server names as NS targets); parsing each once and sharing the instance saves most of the parser's
/// allocations and makes later comparisons of equal names reference checks. Not thread-safe: one per parse at a time.
/// </summary>
internal sealed class DomainNameCache
{
    // Bounded so that a hostile file of unique names cannot grow the cache past what the tree itself holds.
    private const int MaxEntries = 65536;

    private readonly Dictionary<string, DomainName> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DomainName>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private DomainName? _origin;

    public DomainNameCache()
    {
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Forgets every name, keeping the room (the zone parser keeps one cache per thread from file to file).</summary>
    public void Clear()
    {
        _names.Clear();
        _origin = null;
    }

    /// <summary>As <see cref="DomainName.TryParse(ReadOnlySpan{char}, DomainName?, out DomainName?, out string?)"/>, answering repeats from the cache.</summary>
    public bool TryParse(ReadOnlySpan<char> text, DomainName? origin, out DomainName? name, out string? error)
    {
        if (!ReferenceEquals(origin, _origin))
        {
            // Relative names mean something else under another origin.
            _names.Clear();
            _origin = origin;
        }

        if (_lookup.TryGetValue(text, out name))
        {
            error = null;
            return true;
        }

        if (!DomainName.TryParse(text, origin, out name, out error))
        {
            return false;
        }

        if (_names.Count < MaxEntries)
        {
            _lookup[text] = name!;
        }

        return true;
    }
}
