using System.Net;
using System.Net.Sockets;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

/// <summary>
/// <see cref="AddressRecordData"/> keeps an address as its bytes and makes an <see cref="IPAddress"/> when asked: these pin
/// that the address read back is the one written, for both families and at the edges of each.
/// </summary>
public class AddressRecordDataTests
{
    private static ZoneSyntaxTree Parse(string text) => ZoneParser.Parse(new SourceText("db.example", text), DomainName.Parse("example."));

    [Fact]
    public void Parsed_addresses_read_back_as_written_with_their_family()
    {
        var tree = Parse("a A 192.0.2.1\nb A 0.0.0.0\nc A 255.255.255.255\nd AAAA 2001:db8::1\ne AAAA ::\nf AAAA ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe\ng AAAA ::ffff:192.0.2.7\n");
        tree.Diagnostics.ShouldBeEmpty();
        var data = tree.Records.Select(r => (AddressRecordData)r.Data).ToList();
        data.Select(d => d.Address).ShouldBe([
            IPAddress.Parse("192.0.2.1"), IPAddress.Parse("0.0.0.0"), IPAddress.Parse("255.255.255.255"), IPAddress.Parse("2001:db8::1"),
            IPAddress.Parse("::"), IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), IPAddress.Parse("::ffff:192.0.2.7")]);
        data.Select(d => d.AddressFamily).ShouldBe([
            AddressFamily.InterNetwork, AddressFamily.InterNetwork, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6,
            AddressFamily.InterNetworkV6, AddressFamily.InterNetworkV6, AddressFamily.InterNetworkV6]);
        data.Select(d => d.ToString()).ShouldBe(["192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "::ffff:192.0.2.7"]);
    }

    [Fact]
    public void Each_read_of_the_address_is_a_new_equal_instance()
    {
        var data = new AddressRecordData(IPAddress.Parse("198.51.100.20"));
        var first = data.Address;
        var second = data.Address;
        first.ShouldNotBeSameAs(second);
        first.ShouldBe(second);
    }

    [Fact]
    public void The_public_constructor_takes_both_families_and_refuses_a_scoped_IPv6_address()
    {
        new AddressRecordData(IPAddress.Parse("2001:db8::53")).Address.ShouldBe(IPAddress.Parse("2001:db8::53"));
        new AddressRecordData(IPAddress.Loopback).AddressFamily.ShouldBe(AddressFamily.InterNetwork);
        Should.Throw<ArgumentException>(() => new AddressRecordData(IPAddress.Parse("fe80::1%2"))).ParamName.ShouldBe("address");
    }

    [Fact]
    public void Text_that_is_not_an_address_of_the_record_family_is_a_diagnostic()
    {
        var tree = Parse("a A 2001:db8::1\nb AAAA 192.0.2.1\nc AAAA fe80::1%eth0\nd A 192.0.2.01\n");
        tree.Records.ShouldBeEmpty();
        tree.Diagnostics.Select(d => d.Message).ShouldBe([
            "A record: '2001:db8::1' is not an IPv4 address",
            "AAAA record: '192.0.2.1' is not an IPv6 address",
            "AAAA record: 'fe80::1%eth0' is not an IPv6 address",
            "A record: '192.0.2.01' is not an IPv4 address"]);
    }
}
