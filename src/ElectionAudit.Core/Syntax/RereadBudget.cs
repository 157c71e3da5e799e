namespace ElectionAudit.Syntax;

/// <summary>
/// How many statements one configuration may read again from files it has already read. nginx, httpd, named (a zone's
/// <c>$INCLUDE</c>) and Bacula read a file again at each include of it, so twenty files of a few dozen bytes that each
/// include the next three times stand for 3^20 (about 3.5 billion) statements; the server would never finish reading them,
/// and neither would a scan. A file's first reading is never bounded (its size bounds it), only the readings after it:
/// once a configuration has read this many statements again, an include of a file it has already read is no longer
/// followed, and each include not followed is an EA0003.
/// </summary>
internal class RereadBudget
{
    /// <summary>The statements one configuration may read again: far above what real configurations repeat (a snippet of
    /// twenty directives included by each of five thousand sites is 100,000).</summary>
    internal const int MaxStatementsReadAgain = 1_000_000;

    private long _left = MaxStatementsReadAgain;

    /// <summary>Whether an include of a file already read was refused; from then on every such include is.</summary>
    public bool IsExhausted { get; private set; }

    /// <summary>Takes <paramref name="statements"/> read again, or returns false (and refuses every later reading) when they do not fit.</summary>
    public bool TrySpend(long statements)
    {
        if (!IsExhausted && statements <= _left)
        {
            _left -= statements;
            return true;
        }

        IsExhausted = true;
        return false;
    }

    /// <summary>Takes statements already read again whatever the budget says (a reading that cannot be refused part way), and
    /// exhausts it when they overdraw it.</summary>
    public void Spend(long statements)
    {
        _left -= statements;
        if (_left < 0)
        {
            IsExhausted = true;
        }
    }

    /// <summary>Whether a file already read may still be read again: the budget was neither refused nor spent to the last statement.</summary>
    public bool HasRoom => !IsExhausted && _left > 0;

    /// <summary>The EA0003 message for an include of <paramref name="file"/> that is not followed.</summary>
    public static string NotFollowed(string file) =>
        $"\"{file}\" is not read again here: the includes would take this configuration past {MaxStatementsReadAgain:N0} statements read again from files it has already read (files that include each other many times over), so from here on no file already read is read again";
}

/// <summary>
/// A <see cref="RereadBudget"/> for a loader that reads includes in place, one file at a time: it remembers the files read,
/// tells a reading again from a first reading, and counts what is read while any file on the include stack is read again.
/// </summary>
/// <typeparam name="TFile">What names a file: its path, or its tree.</typeparam>
internal sealed class RereadBudget<TFile>(IEqualityComparer<TFile>? comparer = null) : RereadBudget
    where TFile : notnull
{
    private readonly HashSet<TFile> _read = new(comparer);
    private int _readingAgain;

    /// <summary>Whether a file on the include stack is being read again, so that what is read now counts against the budget.</summary>
    public bool IsReadingAgain => _readingAgain > 0;

    /// <summary>Notes the main file's reading (its first).</summary>
    public void ReadFirst(TFile file) => _read.Add(file);

    /// <summary>
    /// Starts reading <paramref name="file"/>, or returns false when it was read before and the budget has no room left
    /// (the include is not followed). A true result must be paired with <see cref="Leave"/>.
    /// </summary>
    public bool TryEnter(TFile file, out bool again)
    {
        again = !_read.Add(file);
        if (again && !HasRoom)
        {
            return false;
        }

        _readingAgain += again ? 1 : 0;
        return true;
    }

    /// <summary>Ends the reading <see cref="TryEnter"/> started.</summary>
    public void Leave(bool again) => _readingAgain -= again ? 1 : 0;

    /// <summary>Counts <paramref name="statements"/> just read: against the budget only while a file is read again.</summary>
    public void Count(long statements)
    {
        if (IsReadingAgain)
        {
            Spend(statements);
        }
    }

    /// <summary>Takes one statement about to be read, or returns false when it would be read again past the budget (reading
    /// stops there).</summary>
    public bool TryCount() => !IsReadingAgain || TrySpend(1);
}
