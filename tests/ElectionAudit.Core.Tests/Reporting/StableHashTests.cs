using System.Text;
using System.Text.Json;
using ElectionAudit.Reporting;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// The baseline fingerprint written for every finding (SARIF <c>fingerprints</c>, JSON and GitLab <c>fingerprint</c>) is
/// the first 16 bytes of SHA-256 over <c>rule|path|logical key</c> in UTF-8, in lower-case hex. The reports write it
/// without building the joined text; it must stay the same value <see cref="SarifWriter.StableHash"/> gives, or every
/// stored baseline would stop matching.
/// </summary>
public class StableHashTests
{
    public static TheoryData<string, string, string> Inputs => new()
    {
        { "EA2001", "web/nginx.conf", "server:443/ssl_protocols" },
        { "EA1001", "dns/élection.zone", "zone/é" },
        { "EA0002", "a.yml", string.Empty },
        { "EA0002", "odd\uD800.yml", "lone surrogate \uDC00 in the key" },
        { "EA3001", "web/" + new string('x', 700) + ".conf", new string('é', 900) },
    };

    [Theory]
    [InlineData("EA2001", "web/nginx.conf", "server:443/ssl_protocols", "f7d620075088d1c65c1e4700e9551a83")]
    [InlineData("EA1001", "dns/élection.zone", "zone/é", "ba9d6fe2cd0b5028cde98f2ec9259657")]
    public void Known_values_match_sha256sum(string rule, string path, string key, string expected)
    {
        // Expected values from: printf '%s|%s|%s' RULE PATH KEY | sha256sum | cut -c1-32
        SarifWriter.StableHash($"{rule}|{path}|{key}").ShouldBe(expected);
        Written(rule, path, key).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Writing_the_hash_gives_the_hash_of_the_joined_fingerprint(string rule, string path, string key) =>
        Written(rule, path, key).ShouldBe(SarifWriter.StableHash($"{rule}|{path}|{key}"));

    private static string Written(string rule, string path, string key)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            SarifWriter.WriteStableHash(json, "h", rule, path, key);
            json.WriteEndObject();
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.GetProperty("h").GetString()!;
    }
}
