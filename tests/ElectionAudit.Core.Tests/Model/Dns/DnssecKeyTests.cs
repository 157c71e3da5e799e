using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Dns;

public class DnssecKeyTests
{
    // RFC 4034 §5.4: the DNSKEY of dskey.example.com with key tag 60485 and its SHA-1 DS digest; the SHA-256 digest is
    // what `dnssec-dsfromkey -A -a SHA-256` (BIND 9.18) prints for the same key.
    private const string RfcKey = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";

    private static DnssecKey Key(string owner, string rdata) =>
        DnsModelTestSupport.Build(("k.zone", $"$ORIGIN {owner}\n@ 3600 IN SOA ns hostmaster 1 7200 3600 1209600 3600\n@ 3600 IN DNSKEY {rdata}\n")).Zones.Single().Dnssec.Keys.Single();

    [Fact]
    public void Key_tag_and_DS_digests_match_RFC_4034_section_5_4()
    {
        var key = Key("dskey.example.com.", "256 3 5 " + RfcKey);
        key.KeyTag.ShouldBe((ushort)60485);
        key.KeySize.ShouldBe(1024);
        key.IsKeySigningKey.ShouldBeFalse();
        key.IsZoneKey.ShouldBeTrue();
        var owner = DomainName.Parse("dskey.example.com.");
        Convert.ToHexString(key.ComputeDsDigest(owner, 1)!).ShouldBe("2BB183AF5F22588179A53B0A98631FAD1A292118");
        Convert.ToHexString(key.ComputeDsDigest(owner, 2)!).ShouldBe("D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A");
        key.ComputeDsDigest(owner, 3).ShouldBeNull();
    }

    // Keys made with `dnssec-keygen -f KSK` (BIND 9.18); tags and SHA-256 digests as `dnssec-dsfromkey -2` printed them.
    [Theory]
    [InlineData("257 3 5 AwEAAcwr3HJLNN3VbCTteoumZ88ZZJXorOnS1t+pNsn/y55xu7c0Es9sPNM/c4/oVehikNmhnoZ0DGR3igjBQn6/ZysvnKV7hGWndtRwM/7ttBR9blFZLs/Cq1AiudV7UBJyKVPdU/YOwye1We9dFikMaRSTIxc1VWyUF2+nYszUNDHh", 43958, 1024, "1A5B03179D97A6B47FA803682701AE0AA87995C9A7AD690D725E33C80EA1F3EE")]
    [InlineData("257 3 8 AwEAAcGELIehRC9mUiUZGzbNaLAg8psI4Xqx7qczThd2+yzwwdl2Z/e8ypbmqvBMGGGza34b24lWvWohVVeexqj0amY+GndxtyW8GVYAPXydlVPIKi4Udx5WmsrWuBfHWXglZMLEvOnuzEmLdMw6K4nx7kiBITOi9NLfEONomYIknJTAvJZQ74tlBtcXw5vLx+PsIA6pFmOhWPbmCgFQrPKk5Jg1KoGI6nNfvY/rdG+a4cpPiLPUsZCYCRZpUXMOSYhafmGQdfSEE0iYEh6UvsNOfx6G5x8nCh3qkUl3qAOfxu5G+ZBMlAk7V8UinTA3EMy2wlGWgnfKbHaAK3bG/Cu/7uk=", 36154, 2048, "A30356247EC98BD1817269DB3428DF7418B022A11976E856A34F0E9D16D5EA24")]
    [InlineData("257 3 10 AwEAAY+saISqT8HshC1p1ZCwMSrSdIEz+oTn8h184vgUthTBDfsMy54pC5bpeR4f3rQc8iayLpg87lC/Fq1ygUFHx4034opEl0dpS++WNqXhlKXlL7wsNxp1GkLk0StGzz287MdllTy7NlYc0sbOh1M+EGE6ph+VXXqoyfEMeveW0/XvHSeEAWgn5DNQ9ea0jbF/Z0/MIeGbfGyBcJ7Q9Kd9/HSp5Tlk0Dw75WSELwDg9z7QWcU/D1IFO9w4ToeRarh2JfU597ek+TCs56qHmcjBwOLnfo7yl/dRHOalD0m5ieDQ9PnWl2Q2pQ9Z435LfEm0yDICJeZkE82zF6exRHAA7G0o7xdkXclU8gW1cBxV9/Aou2D3jrSQ1Pq3IZhLNHTneEINEmPEIlYU88voMvvkI2i/3UkxgOst/C0egd57CJSiXkR4FHsNZeN0h7R+/KU2SFfbgAjK2HDY7xHZw0ae+vkJPsannRBClBOcUsDDUwFAWgCbUbaaklDwonxNMIWMlRua+36Z8JNeEvplg1vnilDf7q3NoDd5AQQ0Oaf+f0P5Q/WUZbIZIR1rMGHKkW7HHa9YXN4Nbm9C+Hd3T3eaUwp5fSv+zTeKuFsADaE7A5yHqAL9mWMz/EuRmw3JcxrHzerw60tDHbK+MZvdzfnf/Np5X95tdzQaDHTkR/E2CVov", 34144, 4096, "8C7AF80B6E97AD1EF2AC0959054328A0C3DA3330B0AF7F130138C32864DFC1A5")]
    [InlineData("257 3 13 5kIQZmsC/eF3vdLjmGpDm250T4FDmfvJJ4OjCrU6toQjSaQwf2PCWkY67Vmd/PWEgiIPbtHWY0DKfEZARxLr7A==", 39066, 256, "06EABB42AB432FA97349F4B3B54F5A3FF7D86DBB931EE5BA6CB628BA3CDD8FAF")]
    [InlineData("257 3 14 4bJ4LRGfZKRACQt6Jx8vnLCeOGyrLJQ3Y+rglJaxuFN1F4c/xvIag+CpdKPxaTwfmVIRrhJcTQfxUI4QjvKYzWgo0+09X7bCiytq41U21/KmLm+/6zSZtmUL9jK2Cgm2", 19927, 384, "35BCD8A5F6D422E999BD3863B449467D16237CA6D2F5BBEAD53A3FF06CC14CC1")]
    [InlineData("257 3 15 QLkXi93q87tsfxCOd3l0+QamfMubOgMWPFgcuFxOf20=", 60937, 256, "4C3E4B61039262C1F35A0EC577EDE4928F3672CD3A9775BD1BDCDDE72F6659C5")]
    public void Key_tags_sizes_and_digests_agree_with_dnssec_dsfromkey(string rdata, int keyTag, int keySize, string sha256)
    {
        var key = Key("election.example.", rdata);
        key.KeyTag.ShouldBe((ushort)keyTag);
        key.KeySize.ShouldBe(keySize);
        key.IsKeySigningKey.ShouldBeTrue();
        Convert.ToHexString(key.ComputeDsDigest(DomainName.Parse("election.example."), 2)!).ShouldBe(sha256);
        key.MatchesDs(DomainName.Parse("ELECTION.example."), new DelegationSignerRecordData((ushort)keyTag, key.Algorithm, 2, [.. Convert.FromHexString(sha256)])).ShouldBeTrue();
        key.MatchesDs(DomainName.Parse("other.example."), new DelegationSignerRecordData((ushort)keyTag, key.Algorithm, 2, [.. Convert.FromHexString(sha256)])).ShouldBeFalse();
    }

    [Fact]
    public void Rsa_exponent_with_a_three_octet_length_prefix_is_skipped_per_RFC_3110()
    {
        // Exponent length 0 means a two-octet length follows: 0x0001, exponent 0x03, then a 9-bit modulus 0x01FF.
        DnssecKey.GetKeySize(8, [0, 0, 1, 3, 0x01, 0xFF]).ShouldBe(9);
        DnssecKey.GetKeySize(8, [1, 3]).ShouldBeNull();
        DnssecKey.GetKeySize(13, new byte[63]).ShouldBeNull();
        DnssecKey.GetKeySize(3, [8]).ShouldBe(1024);
    }

    [Fact]
    public void Algorithm_1_key_tag_is_taken_from_the_modulus()
    {
        var data = new DnsKeyRecordData(256, 3, 1, [1, 3, 0xAA, 0xBB, 0xCC, 0xDD]);
        DnssecKey.ComputeKeyTag(data).ShouldBe((ushort)0xBBCC);
    }
}
