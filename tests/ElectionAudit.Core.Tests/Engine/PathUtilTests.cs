using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// Relative paths are normalised the same way everywhere (forward slashes, no empty or <c>.</c> segments, <c>..</c>
/// folded, a leading <c>../</c> kept for a path that leaves the root); a path already in that form comes back as the
/// same string, not a copy.
/// </summary>
public class PathUtilTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a", "a")]
    [InlineData("web/nginx/nginx.conf", "web/nginx/nginx.conf")]
    [InlineData("/web/nginx.conf", "web/nginx.conf")]
    [InlineData("web/", "web")]
    [InlineData("web//nginx.conf", "web/nginx.conf")]
    [InlineData("web\\sites\\a.conf", "web/sites/a.conf")]
    [InlineData("./web/./a.conf", "web/a.conf")]
    [InlineData("web/sites/../a.conf", "web/a.conf")]
    [InlineData("..", "..")]
    [InlineData("../a", "../a")]
    [InlineData("a/../../b", "../b")]
    [InlineData("a/..", "")]
    [InlineData(".", "")]
    [InlineData("..a/b.", "..a/b.")]
    [InlineData(".well-known/security.txt", ".well-known/security.txt")]
    public void Paths_normalise_as_the_include_resolvers_expect(string path, string expected) =>
        PathUtil.Normalize(path).ShouldBe(expected);

    [Theory]
    [InlineData("web/nginx/nginx.conf")]
    [InlineData(".well-known/security.txt")]
    [InlineData("a")]
    public void A_normalised_path_is_returned_as_it_is(string path) =>
        ReferenceEquals(PathUtil.Normalize(path), path).ShouldBeTrue();
}
