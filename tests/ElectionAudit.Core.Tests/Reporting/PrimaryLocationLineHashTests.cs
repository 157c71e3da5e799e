using ElectionAudit.Reporting;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// Expected values are the ones GitHub's own test suite asserts for its implementation: github/codeql-action,
/// <c>src/fingerprints.test.ts</c>, test "hash" (the same inputs, the same per-line hashes). Note that the action yields one
/// hash per line including the empty line after a final line break, and that hashes are not zero-padded (54703d4cd895b18).
/// </summary>
public class PrimaryLocationLineHashTests
{
    [Fact]
    public void Empty_file() => PrimaryLocationLineHash.Compute(string.Empty).ShouldBe(["c129715d7a2bc9a3:1"]);

    [Fact]
    public void Leading_blanks_and_tabs_are_skipped() =>
        PrimaryLocationLineHash.Compute(" a\nb\n  \t\tc\n d").ShouldBe(["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]);

    [Fact]
    public void Without_final_line_break() =>
        PrimaryLocationLineHash.Compute(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End").ShouldBe(
            ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"]);

    [Theory]
    [InlineData(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n")]
    [InlineData(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r")]
    [InlineData(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n")]
    [InlineData(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")]
    public void Every_line_ending_counts_as_one_line_feed(string text) =>
        PrimaryLocationLineHash.Compute(text).ShouldBe(
            ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]);

    [Fact]
    public void Identical_windows_are_numbered() =>
        PrimaryLocationLineHash.Compute(string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10))).ShouldBe(
        [
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        ]);
}
