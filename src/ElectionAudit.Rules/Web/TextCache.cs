using System.Collections.Concurrent;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// Remembers what a function of a header value's text gave, for a bounded number of values of bounded length: a
/// repository sends the same few values from many sites, and a hostile one sending many or huge values costs a
/// computation each, not memory without limit. Safe for the rule workers to share.
/// </summary>
/// <typeparam name="TValue">What the function gives (remembered even when null).</typeparam>
/// <param name="capacity">The most values remembered.</param>
/// <param name="maxLength">The longest value remembered, in characters.</param>
/// <param name="compute">The function; it must depend on the text alone, since answers outlive a scan.</param>
internal sealed class TextCache<TValue>(int capacity, int maxLength, Func<string, TValue> compute)
{
    private readonly ConcurrentDictionary<string, TValue> _answers = new(StringComparer.Ordinal);

    // Places taken, reserved before an add so that workers missing at once cannot take the cache past its capacity.
    private int _taken;

    /// <summary>How many values are remembered now.</summary>
    public int Count => _answers.Count;

    /// <summary>What the function gives for <paramref name="text"/>, remembered if there is room.</summary>
    public TValue Get(string text)
    {
        if (_answers.TryGetValue(text, out var answer))
        {
            return answer;
        }

        answer = compute(text);
        if (text.Length <= maxLength && Volatile.Read(ref _taken) < capacity)
        {
            if (Interlocked.Increment(ref _taken) > capacity || !_answers.TryAdd(text, answer))
            {
                Interlocked.Decrement(ref _taken);
            }
        }

        return answer;
    }
}
