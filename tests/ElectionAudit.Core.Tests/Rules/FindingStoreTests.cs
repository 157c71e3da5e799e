using System.Globalization;
using System.Text;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Rules;

/// <summary>
/// How a scan keeps its findings' text (<see cref="FindingStore"/>): a stored finding must read exactly as the finding
/// the rule reported, whatever shape its message, key and related locations had.
/// </summary>
public sealed class FindingStoreTests
{
    private static readonly RuleDescriptor Whole = Descriptor("EA9921", "{0}");
    private static readonly RuleDescriptor Formatted = Descriptor("EA9922", "Host {1} ({0}) is not in the inventory: {2}.");
    private static readonly RuleDescriptor PrefixedWhole = Descriptor("EA9923", "{0} Record a contact.");
    private static readonly RuleDescriptor Aligned = Descriptor("EA9924", "Asset {0,-12} needs {1:0.0} hours.");

    private static readonly Location At = new("dns/example.nl.zone", new TextSpan(120, 14), 7, 3, 7, 17);
    private static readonly Location Elsewhere = new("web/nginx/sites-enabled/results.conf", new TextSpan(300, 40), 12, 5, 14, 6);

    private static RuleDescriptor Descriptor(string id, string format) => new(
        id, "Store test", format, Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Zone]);

    public static TheoryData<string> Shapes => ["parts", "nested", "arguments", "prefixed", "plain string", "no related"];

    private static Finding Make(string shape, int n)
    {
        var owner = DomainName.Parse($"host{n}.example.nl.");
        var key = $"zone:example.nl.";
        RelatedLocation[] related = [new(Elsewhere, $"served here ({n})"), new(At, "the zone's apex")];
        return shape switch
        {
            "parts" => Finding.Create(Whole, Severity.Error, At, $"{key}/caa:{owner}", related, $"Name {owner} at {At:L} has {n} records, {1.5} of them {Severity.Note}; fix it."),
            "nested" => Finding.Create(Whole, Severity.Warning, At, $"{key}/limits", related, $"Limits: {DeferredMessage.Create($"client_body_timeout is {n}s")} and {DeferredMessage.Create($"send_timeout is {n * 2}s")}."),
            "arguments" => Finding.Create(Formatted, Severity.Warning, At, $"{key}/inventory:{owner}", related, "A record", owner, $"no asset {n}"),
            "prefixed" => Finding.Create(PrefixedWhole, Severity.Warning, At, $"{key}/contact", related, $"Provider p{n} has no contact."),
            "plain string" => Finding.Create(Whole, At, "fixed-key", $"the whole message as one string {n}"),
            "no related" => Finding.Create(Whole, At, $"{key}/{n}", $"only a message, {n}"),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    private static void ShouldReadAlike(Finding stored, Finding original)
    {
        stored.Rule.ShouldBeSameAs(original.Rule);
        stored.Severity.ShouldBe(original.Severity);
        stored.Location.ShouldBe(original.Location);
        stored.Message.ShouldBe(original.Message);
        stored.MessageSpan.ToString().ShouldBe(original.Message);
        stored.LogicalKey.ShouldBe(original.LogicalKey);
        stored.LogicalKeySpan.ToString().ShouldBe(original.LogicalKey);
        stored.Fingerprint.ShouldBe(original.Fingerprint);
        stored.RelatedLocations.ShouldBe(original.RelatedLocations);
        stored.ToString().ShouldBe(original.ToString());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_stored_finding_reads_as_the_one_reported(string shape)
    {
        var store = new FindingStore();
        var original = Make(shape, 42);

        var stored = store.Keep(original);

        stored.ShouldNotBeSameAs(original);
        ShouldReadAlike(stored, original);
        ShouldReadAlike(stored.WithSeverity(Severity.Note), original.WithSeverity(Severity.Note));
    }

    [Fact]
    public void A_stored_finding_keeps_its_severity_beside_the_records_place()
    {
        // The severity is the low byte of the word that holds the record's place: each of many records, at growing
        // places, must give back its own severity, and a changed severity must leave the place (the text) as it was.
        var store = new FindingStore();
        Severity[] severities = [Severity.None, Severity.Note, Severity.Warning, Severity.Error];
        var stored = Enumerable.Range(0, 300)
            .Select(n => store.Keep(Make("parts", n).WithSeverity(severities[n % 4])))
            .ToList();
        for (int n = 0; n < stored.Count; n++)
        {
            stored[n].Severity.ShouldBe(severities[n % 4]);
            stored[n].Message.ShouldBe(Make("parts", n).Message);
        }

        var raised = stored[299].WithSeverity(Severity.Note);
        raised.Severity.ShouldBe(Severity.Note);
        raised.Message.ShouldBe(stored[299].Message);
        raised.LogicalKey.ShouldBe(stored[299].LogicalKey);
        stored[299].Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void A_severity_that_does_not_fit_a_byte_is_kept_whole()
    {
        var store = new FindingStore();
        var odd = (Severity)300;
        var original = Make("arguments", 5);

        // Not stored when reported so, and taken out of the store, text and all, when changed to it.
        var reported = original.WithSeverity(odd);
        store.Keep(reported).ShouldBeSameAs(reported);
        reported.Severity.ShouldBe(odd);
        var changed = store.Keep(original).WithSeverity(odd);
        changed.Severity.ShouldBe(odd);
        changed.Message.ShouldBe(original.Message);
        changed.LogicalKey.ShouldBe(original.LogicalKey);
        changed.RelatedLocations.ShouldBe(original.RelatedLocations);
        changed.MessageArguments.Select(a => a?.ToString()).ShouldBe(original.MessageArguments.Select(a => a?.ToString()));
        changed.WithSeverity(Severity.Warning).Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void The_examples_read_as_expected()
    {
        var store = new FindingStore();

        var parts = store.Keep(Make("parts", 3));
        parts.Message.ShouldBe("Name host3.example.nl. at dns/example.nl.zone:7 has 3 records, 1.5 of them Note; fix it.");
        parts.LogicalKey.ShouldBe("zone:example.nl./caa:host3.example.nl.");
        parts.RelatedLocations.Select(r => (r.Location.Path, r.Location.Span, r.Location.StartLine, r.Location.StartColumn, r.Location.EndLine, r.Location.EndColumn, r.Message)).ShouldBe(
        [
            ("web/nginx/sites-enabled/results.conf", new TextSpan(300, 40), 12, 5, 14, 6, "served here (3)"),
            ("dns/example.nl.zone", new TextSpan(120, 14), 7, 3, 7, 17, "the zone's apex"),
        ]);
        store.Keep(Make("nested", 3)).Message.ShouldBe("Limits: client_body_timeout is 3s and send_timeout is 6s.");
        store.Keep(Make("arguments", 3)).Message.ShouldBe("Host host3.example.nl. (A record) is not in the inventory: no asset 3.");
        store.Keep(Make("prefixed", 3)).Message.ShouldBe("Provider p3 has no contact. Record a contact.");
    }

    [Fact]
    public void Reading_related_locations_by_index_decodes_them_once()
    {
        var store = new FindingStore();
        var original = Make("parts", 8);
        var stored = store.Keep(original);

        // finding.RelatedLocations[i] in a loop reads the property once per index: each read after the first is the
        // array already decoded (the same array), not a new decoding of the record.
        var first = stored.RelatedLocations;
        stored.RelatedLocations.ShouldBe(first);
        (stored.RelatedLocations == first).ShouldBeTrue();
        for (int i = 0; i < stored.RelatedLocations.Length; i++)
        {
            stored.RelatedLocations[i].ShouldBe(original.RelatedLocations[i]);
        }

        // Another finding's read replaces it, and reading the first again decodes it again, equal.
        var other = store.Keep(Make("arguments", 9));
        other.RelatedLocations[0].Message.ShouldBe("served here (9)");
        (stored.RelatedLocations == first).ShouldBeFalse();
        stored.RelatedLocations.ShouldBe(first);
    }

    [Fact]
    public void Message_arguments_come_back_as_their_texts()
    {
        var store = new FindingStore();

        store.Keep(Make("arguments", 5)).MessageArguments.ShouldBe(["A record", "host5.example.nl.", "no asset 5"]);
        store.Keep(Make("parts", 5)).MessageArguments.ShouldBe(["Name host5.example.nl. at dns/example.nl.zone:7 has 5 records, 1.5 of them Note; fix it."]);
        store.Keep(Finding.Create(Formatted, At, "k", null, "b", 3)).MessageArguments.ShouldBe([null, "b", "3"]);
    }

    [Fact]
    public void The_rules_fixed_wording_is_kept_once_however_many_findings_use_it()
    {
        static Finding Unsigned(FindingStore store, int n) => store.Keep(Finding.Create(Whole, At, "k", $"Zone z{n}.example. has no DNSKEY and no RRSIG at its apex, so answers for it cannot be validated. Sign the zone (for example with BIND's dnssec-policy or your DNS provider's DNSSEC setting) and publish the DS record at the parent."));

        var store = new FindingStore();
        Unsigned(store, 1);
        long first = store.BytesUsed;
        Unsigned(store, 2).Message.ShouldBe("Zone z2.example. has no DNSKEY and no RRSIG at its apex, so answers for it cannot be validated. Sign the zone (for example with BIND's dnssec-policy or your DNS provider's DNSSEC setting) and publish the DS record at the parent.");

        // A record holds the value (z2), the literals' numbers, the key and the related locations' count: the 220
        // characters of wording are in the literal table, not in any record.
        first.ShouldBeLessThan(20);
        (store.BytesUsed - first).ShouldBe(first);
    }

    [Fact]
    public void What_it_cannot_keep_exactly_stays_as_reported()
    {
        var store = new FindingStore();
        var aligned = Finding.Create(Aligned, At, "k", "db", 1.5);
        var formattedAtOnce = Finding.Create(Whole, At, "k", new Uri("https://results.example.nl/"));

        store.Keep(aligned).ShouldBeSameAs(aligned);
        store.Keep(formattedAtOnce).ShouldBeSameAs(formattedAtOnce);
        aligned.Message.ShouldBe("Asset db           needs 1.5 hours.");
        store.BytesUsed.ShouldBe(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Many_findings_spill_past_memory_and_read_back_in_any_order(bool mayUseFile)
    {
        var store = new FindingStore(mayUseFile);
        var originals = new List<Finding>();
        var stored = new List<Finding>();
        string[] shapes = ["parts", "nested", "arguments", "prefixed", "plain string", "no related"];
        for (int i = 0; i < 30_000; i++)
        {
            var finding = Make(shapes[i % shapes.Length], i);
            originals.Add(finding);
            stored.Add(store.Keep(finding));
        }

        store.BytesUsed.ShouldBeGreaterThan(2L << 20);
        store.UsesFile.ShouldBe(mayUseFile);

        // Read back against the write order (the report reads by path, not in the order rules reported), so that pages
        // leave and re-enter the read cache.
        var order = Enumerable.Range(0, originals.Count).Select(i => (i * 7919) % originals.Count).ToList();
        order.Distinct().Count().ShouldBe(originals.Count);
        foreach (var i in order)
        {
            stored[i].Message.ShouldBe(originals[i].Message);
            stored[i].LogicalKey.ShouldBe(originals[i].LogicalKey);
            stored[i].RelatedLocations.ShouldBe(originals[i].RelatedLocations);
        }
    }

    [Fact]
    public void Findings_kept_from_several_threads_each_read_as_reported()
    {
        var store = new FindingStore();
        var pairs = new System.Collections.Concurrent.ConcurrentBag<(Finding Original, Finding Stored)>();

        Parallel.For(0, 8_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var finding = Make(i % 2 == 0 ? "parts" : "arguments", i);
            pairs.Add((finding, store.Keep(finding)));
        });

        pairs.Count.ShouldBe(8_000);
        foreach (var (original, stored) in pairs)
        {
            stored.Message.ShouldBe(original.Message);
            stored.LogicalKey.ShouldBe(original.LogicalKey);
        }
    }

    [Fact]
    public void A_text_with_a_lone_surrogate_is_kept_exactly_as_reported()
    {
        var store = new FindingStore();
        var cut = "results \uD83D"; // the first half of an emoji, as a value cut to a length leaves it
        Finding[] findings =
        [
            Finding.Create(Whole, At, "k", $"value {cut}"),
            Finding.Create(Whole, At, $"key/{cut}", "message"),
            Finding.Create(Whole, Severity.Warning, At, "k", [new RelatedLocation(Elsewhere, cut)], "message"),
        ];

        foreach (var finding in findings)
        {
            var kept = store.Keep(finding);
            kept.ShouldBeSameAs(finding);
            kept.Message.ShouldBe(finding.Message);
        }

        findings[0].Message.ShouldEndWith("\uD83D");
        store.Keep(Make("parts", 1)).Message.ShouldBe(Make("parts", 1).Message);
    }

    [Fact]
    public void A_culture_set_later_does_not_change_a_stored_message()
    {
        var store = new FindingStore();
        var stored = store.Keep(Finding.Create(Whole, At, "k", $"ratio {0.25} of {1234.5}"));
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            stored.Message.ShouldBe("ratio 0.25 of 1234.5");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_message_with_every_kind_of_part_is_written_as_its_text()
    {
        var owner = DomainName.Parse("www.example.nl.");
        var phrase = DeferredMessage.Create($"send_timeout is {60}s for {owner}");
        var twice = DeferredMessage.Create($"({phrase}; {-2.5})");
        var when = new DateTimeOffset(2026, 3, 18, 7, 30, 0, TimeSpan.FromHours(1));
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Written under a culture whose numbers differ from the invariant one: the record holds the invariant text.
            CultureInfo.CurrentCulture = Unusual();
            var finding = Finding.Create(
                Whole, At, "k",
                $"s={"text"} n={null as string} name={owner} at={At:L} loc={At} e={Severity.Note} i={-42} l={1L << 40} d={1.5} m={2.25m} f={0.5f} b={true} c={'q'} t={TimeSpan.FromMinutes(90)} dt={when.DateTime:yyyy-MM-dd} dto={when} do={DateOnly.FromDateTime(when.DateTime)} to={new TimeOnly(7, 30)} g={Guid.Empty} p={phrase} pp={twice} r=[{7,4}] l=[{"ab",-4}] f=[{0.25:0.00}] af=[{3,5:D2}] nul=[{null as object,3}] span={"sp".AsSpan()} other={new Uri("https://results.example.nl/")}");

            var stored = new FindingStore().Keep(finding);

            stored.ShouldNotBeSameAs(finding);
            stored.Message.ShouldBe(
                "s=text n= name=www.example.nl. at=dns/example.nl.zone:7 loc=dns/example.nl.zone(7,3,7,17) e=Note i=-42 l=1099511627776 d=1.5 m=2.25 f=0.5 b=True c=q t=01:30:00 dt=2026-03-18 " +
                "dto=03/18/2026 07:30:00 +01:00 do=03/18/2026 to=07:30 g=00000000-0000-0000-0000-000000000000 p=send_timeout is 60s for www.example.nl. " +
                "pp=(send_timeout is 60s for www.example.nl.; -2.5) r=[   7] l=[ab  ] f=[0.25] af=[   03] nul=[   ] span=sp other=https://results.example.nl/");
            ShouldReadAlike(stored, finding);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_message_of_more_than_64_parts_is_written_whole()
    {
        var handler = new FindingMessageHandler(0, 40);
        for (int i = 0; i < 40; i++)
        {
            handler.AppendLiteral(i % 2 == 0 ? "<" : ">");
            handler.AppendFormatted(i);
        }

        handler.AppendLiteral(".");
        var finding = Finding.Create(Whole, At, "k", handler);
        var store = new FindingStore();

        var stored = store.Keep(finding);

        stored.Message.ShouldBe(string.Concat(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? "<" : ">") + i.ToString(CultureInfo.InvariantCulture))) + ".");
        ShouldReadAlike(stored, finding);
    }

    [Fact]
    public void Format_arguments_of_every_kind_are_written_as_their_text()
    {
        var rule = Descriptor("EA9925", "{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}|{8}|{9}");
        var owner = DomainName.Parse("mail.example.nl.");
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = Unusual();
            var finding = Finding.Create(rule, At, "k", "text", null, owner, At, Severity.Error, -7, 1.25, DeferredMessage.Create($"phrase {owner} {-0.5}"), new DateOnly(2026, 3, 18), 'z');

            var stored = new FindingStore().Keep(finding);

            stored.ShouldNotBeSameAs(finding);
            stored.Message.ShouldBe("text||mail.example.nl.|dns/example.nl.zone(7,3,7,17)|Error|-7|1.25|phrase mail.example.nl. -0.5|03/18/2026|z");
            stored.MessageArguments.ShouldBe(["text", null, "mail.example.nl.", "dns/example.nl.zone(7,3,7,17)", "Error", "-7", "1.25", "phrase mail.example.nl. -0.5", "03/18/2026", "z"]);
            ShouldReadAlike(stored, finding);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_key_with_every_kind_of_part_is_written_as_its_joined_text()
    {
        var owner = DomainName.Parse("www.example.nl.");
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = Unusual();
            var store = new FindingStore();
            Finding[] findings =
            [
                Finding.Create(Whole, At, $"zone:example.nl./caa:{owner}/{Severity.Error}/{-1.5}/{7,3}/{0.25:0.00}/{"x".AsSpan()}/{null as string}/{"étiquette"}/{"\uD83D\uDE00"}", "message"),
                Finding.Create(Whole, At, $"{owner}", "one domain name"),
                Finding.Create(Whole, At, $"{null as string}", "one null"),
                Finding.Create(Whole, At, $"{owner}{owner}", "values only"),
                Finding.Create(Whole, At, "a plain string key", "string"),
                Finding.Create(Whole, At, string.Empty, "empty"),
                Finding.Create(Whole, At, $"{new string('k', 300)}/{owner}", "a length of two bytes"),
                Finding.Create(Whole, At, $"{new string('k', 20_000)}/{owner}", "a length of three bytes"),
            ];

            var stored = findings.Select(store.Keep).ToList();

            stored[0].LogicalKey.ShouldBe("zone:example.nl./caa:www.example.nl./Error/-1.5/  7/0.25/x//étiquette/\uD83D\uDE00");
            stored[1].LogicalKey.ShouldBe("www.example.nl.");
            stored[2].LogicalKey.ShouldBe(string.Empty);
            stored[3].LogicalKey.ShouldBe("www.example.nl.www.example.nl.");
            stored[6].LogicalKey.ShouldBe(new string('k', 300) + "/www.example.nl.");
            stored[7].LogicalKey.ShouldBe(new string('k', 20_000) + "/www.example.nl.");
            for (int i = 0; i < findings.Length; i++)
            {
                stored[i].ShouldNotBeSameAs(findings[i]);
                ShouldReadAlike(stored[i], findings[i]);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_surrogate_pair_split_between_parts_of_one_text_is_kept_and_a_lone_half_is_not()
    {
        var store = new FindingStore();
        string high = "a\uD83D";
        string low = "\uDE00b";

        // The key's text is its parts joined: a pair split between two parts is a pair there.
        var pairKey = Finding.Create(Whole, At, $"{high}{low}/{"c"}", "message");
        var pairInPhrase = Finding.Create(Whole, At, "k", $"phrase {DeferredMessage.Create($"{high}{low}")}.");
        store.Keep(pairKey).LogicalKey.ShouldBe("a\uD83D\uDE00b/c");
        store.Keep(pairKey).ShouldNotBeSameAs(pairKey);
        store.Keep(pairInPhrase).ShouldNotBeSameAs(pairInPhrase);
        store.Keep(pairInPhrase).Message.ShouldBe("phrase a\uD83D\uDE00b.");

        // A half with no partner, at the start, in the middle or at the end of a key, or inside a value that is not a
        // string: the finding stays as reported. (A message's values are texts of their own, so a pair split between two
        // of them is two lone halves, as it always was.)
        long before = store.BytesUsed;
        Finding[] lone =
        [
            Finding.Create(Whole, At, $"{low}{"c"}", "message"),
            Finding.Create(Whole, At, $"{high}/{"c"}", "message"),
            Finding.Create(Whole, At, $"c/{high}", "message"),
            Finding.Create(Whole, At, $"{"c"}{high}", "message"),
            Finding.Create(Whole, At, "k", $"phrase {DeferredMessage.Create($"{high}!")}."),
            Finding.Create(Whole, At, "k", $"{high}{low}"),
            Finding.Create(Formatted, At, "k", "A", DeferredMessage.Create($"{low}"), "c"),
        ];
        foreach (var finding in lone)
        {
            store.Keep(finding).ShouldBeSameAs(finding);
        }

        store.BytesUsed.ShouldBe(before);
        lone[5].Message.ShouldBe("a\uD83D\uDE00b");

        // The next key is encoded from the start, not after a half the last one left behind.
        foreach (var refused in lone[..4])
        {
            var next = Finding.Create(Whole, At, $"{"z"}/{"z"}", "message");
            store.Keep(refused).ShouldBeSameAs(refused);
            var kept = store.Keep(next);
            kept.ShouldNotBeSameAs(next);
            kept.LogicalKey.ShouldBe("z/z");
        }
    }

    [Fact]
    public void Writing_pages_to_the_file_reuses_their_memory()
    {
        // 2,500 records of about 8 KB: 20 MB, over 300 pages. Written with an array per page, that is over 20 MB made;
        // with each page written to the file reusing the last one's array, the resident megabyte and one page more.
        var texts = Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 8_000)).ToArray();
        var findings = Enumerable.Range(0, 2_500).Select(n => Finding.Create(Whole, At, "k", $"{texts[n % texts.Length]} #{n}")).ToList();
        var stored = new List<Finding>(findings.Count);
        var store = new FindingStore();
        store.Keep(Make("parts", 0)); // this thread's buffers, the literal table

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var finding in findings)
        {
            stored.Add(store.Keep(finding));
        }

        long made = GC.GetAllocatedBytesForCurrentThread() - before;

        store.UsesFile.ShouldBeTrue();
        store.BytesUsed.ShouldBeGreaterThan(20_000_000);
        made.ShouldBeLessThan(2_000_000);
        foreach (var i in Enumerable.Range(0, stored.Count).Select(i => (i * 7919) % stored.Count))
        {
            stored[i].Message.ShouldBe(findings[i].Message);
        }
    }

    [Fact]
    public void Pages_reused_while_several_threads_write_and_read_read_back_as_written()
    {
        // Records of about 1 KB, so that a page fills and goes to the file every 60 or so while four workers write; between
        // its writes each reads findings kept before on any thread: recent ones (in the page being written, the read
        // cache or a page just written to the file) and now and then any one.
        var texts = Enumerable.Range(0, 7).Select(i => new string((char)('p' + i), 1_000)).ToArray();
        const int Count = 24_000;
        var originals = new Finding[Count];
        var stored = new Finding?[Count];
        for (int n = 0; n < Count; n++)
        {
            originals[n] = Finding.Create(Whole, At, $"key/{n}", $"{texts[n % texts.Length]} #{n}");
        }

        var store = new FindingStore();
        int mismatches = 0;
        int reads = 0;
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            Volatile.Write(ref stored[n], store.Keep(originals[n]));
            int hash = HashCode.Combine(n) & int.MaxValue;
            int recent = Math.Max(0, n - (hash % 2_000));
            int any = hash % (n + 1);
            foreach (int earlier in n % 8 == 0 ? [recent, any] : (int[])[recent])
            {
                if (Volatile.Read(ref stored[earlier]) is { } other)
                {
                    Interlocked.Increment(ref reads);
                    if (other.Message != originals[earlier].Message || other.LogicalKey != originals[earlier].LogicalKey)
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        });

        mismatches.ShouldBe(0);
        reads.ShouldBeGreaterThan(Count / 2);
        store.UsesFile.ShouldBeTrue();
        store.BytesUsed.ShouldBeGreaterThan(300L * 64 * 1024);
        for (int n = 0; n < Count; n++)
        {
            stored[n]!.Message.ShouldBe(originals[n].Message);
            stored[n]!.LogicalKey.ShouldBe(originals[n].LogicalKey);
        }
    }

    // A culture whose numbers and dates differ from the invariant one's.
    private static CultureInfo Unusual()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("de-DE").Clone();
        culture.NumberFormat.NegativeSign = "~";
        return culture;
    }

    // The characters a stored finding's message and key are read as: the same text as the strings, made without one.

    [Fact]
    public void A_message_and_key_read_as_characters_are_the_texts_of_the_finding_reported()
    {
        var store = new FindingStore();
        var parts = Make("parts", 4);
        var arguments = Make("arguments", 4);
        var storedParts = store.Keep(parts);
        var storedArguments = store.Keep(arguments);

        storedParts.MessageSpan.ToString().ShouldBe("Name host4.example.nl. at dns/example.nl.zone:7 has 4 records, 1.5 of them Note; fix it.");
        storedParts.LogicalKeySpan.ToString().ShouldBe("zone:example.nl./caa:host4.example.nl.");
        storedArguments.MessageSpan.ToString().ShouldBe("Host host4.example.nl. (A record) is not in the inventory: no asset 4.");
        storedArguments.LogicalKeySpan.ToString().ShouldBe("zone:example.nl./inventory:host4.example.nl.");
        store.Keep(Make("prefixed", 4)).MessageSpan.ToString().ShouldBe("Provider p4 has no contact. Record a contact.");
        store.Keep(Make("plain string", 4)).MessageSpan.ToString().ShouldBe("the whole message as one string 4");
    }

    [Fact]
    public void A_finding_not_stored_gives_its_strings_characters()
    {
        var store = new FindingStore();
        var aligned = Finding.Create(Aligned, At, $"asset:{"db"}", "db", 1.5);
        var never = Make("arguments", 6);

        store.Keep(aligned).ShouldBeSameAs(aligned);
        aligned.MessageSpan.ToString().ShouldBe("Asset db           needs 1.5 hours.");
        aligned.LogicalKeySpan.ToString().ShouldBe("asset:db");
        never.MessageSpan.ToString().ShouldBe("Host host6.example.nl. (A record) is not in the inventory: no asset 6.");
        never.LogicalKeySpan.ToString().ShouldBe("zone:example.nl./inventory:host6.example.nl.");
    }

    [Fact]
    public void Reads_in_a_row_each_give_their_own_text()
    {
        // Each read reuses the thread's scratch: a long message, then a short one, a key, and the first again, each whole
        // and without what the read before left behind.
        var store = new FindingStore();
        var longValue = new string('x', 3000);
        var first = store.Keep(Finding.Create(Formatted, Severity.Warning, At, $"key/{longValue}", [], "a", longValue, "c"));
        var second = store.Keep(Finding.Create(Whole, At, "k2", $"short {2}"));

        first.MessageSpan.ToString().ShouldBe($"Host {longValue} (a) is not in the inventory: c.");
        second.MessageSpan.ToString().ShouldBe("short 2");
        first.LogicalKeySpan.ToString().ShouldBe($"key/{longValue}");
        second.LogicalKeySpan.ToString().ShouldBe("k2");
        second.Message.ShouldBe("short 2");
        first.MessageSpan.ToString().ShouldBe($"Host {longValue} (a) is not in the inventory: c.");
        second.MessageSpan.Length.ShouldBe(7);
    }

    [Fact]
    public void Messages_longer_than_the_first_scratch_read_whole()
    {
        // The scratch starts at 1,024 characters; these need it to grow while a part, an argument or the format's own
        // wording is being copied.
        var store = new FindingStore();
        var value = string.Concat(Enumerable.Range(0, 700).Select(i => (char)('a' + (i % 26))));
        var nonAscii = string.Concat(Enumerable.Repeat("é\U0001F600ß", 400));
        var repeated = Descriptor("EA9925", "{0}|{0}|{1}|{0}");
        var prefixedLong = Descriptor("EA9926", "{0} " + new string('w', 1500));
        Finding[] findings =
        [
            Finding.Create(Whole, At, "k", $"parts {value} and {nonAscii} and {value}{value}"),
            Finding.Create(repeated, At, "k", value, nonAscii),
            Finding.Create(prefixedLong, At, "k", $"prefixed {value}"),
            Finding.Create(Formatted, At, "k", nonAscii, value, nonAscii),
            Finding.Create(Whole, At, $"key {nonAscii}", "message"),
        ];

        foreach (var finding in findings)
        {
            var stored = store.Keep(finding);
            stored.ShouldNotBeSameAs(finding);
            stored.MessageSpan.ToString().ShouldBe(finding.Message);
            stored.Message.ShouldBe(finding.Message);
            stored.LogicalKeySpan.ToString().ShouldBe(finding.LogicalKey);
        }

        findings[1].Message.Length.ShouldBeGreaterThan(1024);
        findings[2].Message.ShouldEndWith(new string('w', 1500));
    }

    public static TheoryData<string, object?[]> Formats => new()
    {
        { "{0}", ["only"] },
        { "{0}", [null] },
        { "{0}", ["first", "second"] },
        { "{1}{0}", ["", ""] },
        { "{{literal}} {0} }}{{ {1}{0} {{{0}}}", ["{x}", "}}"] },
        { "Fixed text {{x}} without placeholders.", ["unused"] },
        { "{1} before {0}, {1} again, none: [{2}]", ["zero", "one", null] },
        { "{10}-{0}-{9}", ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] },
        { "{00} and {01}", ["first", "second"] },
        { "{0}{1}{2}{3}{4}{5}{6}{7}{8}{9}{10}{11}{12}{13}{14}{15}{16}{17}{18}{19}", [.. Enumerable.Range(0, 20).Select(i => (object?)$"<{i}>")] },
        { "Unicode {0} · {1}", ["é\U0001F600", "名前"] },
        { "{0}", [""] },
        { "}}{{", ["x"] },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_format_is_filled_in_as_string_Format_fills_it_in(string format, object?[] arguments)
    {
        var rule = Descriptor("EA9927", format);
        var store = new FindingStore();
        var original = Finding.Create(rule, At, "k", arguments);

        var stored = store.Keep(original);

        stored.ShouldNotBeSameAs(original);
        var expected = FormatExpected(format, arguments);
        stored.MessageSpan.ToString().ShouldBe(expected);
        stored.Message.ShouldBe(expected);
        original.Message.ShouldBe(expected);
    }

    // What string.Format makes of the arguments: with the parsed format (as RuleDescriptor.FormatMessage formats), and,
    // for a format with a placeholder, the same as with the format's text.
    private static string FormatExpected(string format, object?[] arguments)
    {
        var parsed = CompositeFormat.Parse(format);
        var expected = string.Format(CultureInfo.InvariantCulture, parsed, arguments);
        if (parsed.MinimumArgumentCount > 0)
        {
            expected.ShouldBe(string.Format(CultureInfo.InvariantCulture, format, arguments));
        }

        return expected;
    }

    [Fact]
    public void A_format_without_a_placeholder_is_the_message_as_it_stands_whatever_the_arguments()
    {
        // string.Format with a parsed format (what RuleDescriptor.FormatMessage uses) returns a format without a
        // placeholder unchanged, its doubled braces too; the string overload would undouble them. The reports show
        // what FormatMessage made, so a stored finding reads the same.
        var rule = Descriptor("EA9930", "Fixed {{x}} text.");
        var store = new FindingStore();
        var arguments = Finding.Create(rule, At, "k", "unused");
        var parts = Finding.Create(rule, At, "k", $"unused {1}");

        arguments.Message.ShouldBe("Fixed {{x}} text.");
        parts.Message.ShouldBe("Fixed {{x}} text.");
        store.Keep(arguments).MessageSpan.ToString().ShouldBe("Fixed {{x}} text.");
        store.Keep(parts).MessageSpan.ToString().ShouldBe("Fixed {{x}} text.");
        store.Keep(arguments).Message.ShouldBe("Fixed {{x}} text.");
        var text = rule.MessageFormat;
        string.Format(CultureInfo.InvariantCulture, text, "unused").ShouldBe("Fixed {x} text.");
    }

    [Fact]
    public void A_format_without_arguments_is_the_message_as_it_stands()
    {
        // RuleDescriptor.FormatMessage gives a format read without arguments as it is, its braces doubled and all.
        var rule = Descriptor("EA9928", "No {{arguments}} here.");
        var store = new FindingStore();
        var original = Finding.Create(rule, At, "k");

        var stored = store.Keep(original);

        stored.ShouldNotBeSameAs(original);
        original.Message.ShouldBe("No {{arguments}} here.");
        stored.MessageSpan.ToString().ShouldBe(original.Message);
        stored.Message.ShouldBe(original.Message);
    }

    [Fact]
    public void A_whole_message_in_a_format_with_an_alignment_reads_as_string_Format_makes_it()
    {
        // A message given as an interpolated string is stored whatever its rule's format; one with an alignment or a
        // format string is filled in by string.Format.
        var rule = Descriptor("EA9929", "[{0,-20}] end");
        var store = new FindingStore();
        var original = Finding.Create(rule, At, "k", $"site {7}");

        var stored = store.Keep(original);

        stored.ShouldNotBeSameAs(original);
        stored.MessageSpan.ToString().ShouldBe("[site 7              ] end");
        stored.Message.ShouldBe("[site 7              ] end");
    }

    public static TheoryData<string> RealRules => [.. AllDescriptors().Select(rule => rule.Id)];

    private static IEnumerable<RuleDescriptor> AllDescriptors() =>
        BuiltInRules.All.SelectMany(rule => rule.SupportedRules).Concat(ToolRules.All);

    [Theory]
    [MemberData(nameof(RealRules))]
    public void Every_rules_format_is_filled_in_as_string_Format_fills_it_in(string id)
    {
        var rule = AllDescriptors().Single(r => r.Id == id);
        var format = rule.MessageFormat;
        int needed = Math.Max(1, CompositeFormat.Parse(format).MinimumArgumentCount);
        var store = new FindingStore();
        object?[][] argumentSets =
        [
            [.. Enumerable.Range(0, needed).Select(i => (object?)$"argument {i} {{é}} }}{{")],
            [.. Enumerable.Range(0, needed).Select(i => i % 2 == 0 ? null : (object?)$"value{i}")],
            [.. Enumerable.Range(0, needed + 1).Select(i => (object?)new string((char)('a' + i), 600))],
        ];

        foreach (var arguments in argumentSets)
        {
            var original = Finding.Create(rule, At, "k", arguments);
            var stored = store.Keep(original);
            if (!rule.HasPlainPlaceholders)
            {
                stored.ShouldBeSameAs(original);
                continue;
            }

            stored.ShouldNotBeSameAs(original);
            var expected = FormatExpected(format, arguments);
            stored.MessageSpan.ToString().ShouldBe(expected);
            stored.Message.ShouldBe(expected);
            original.Message.ShouldBe(expected);
        }

        if (needed == 1)
        {
            // A rule that takes one argument can be given its whole message as an interpolated string; the rule's format
            // may add wording around it (EA5012's does).
            var site = "results.example.nl";
            var original = Finding.Create(rule, At, "k", $"Site {site} has {3} problems {{and braces}}.");
            var stored = store.Keep(original);
            var text = "Site results.example.nl has 3 problems {and braces}.";
            stored.ShouldNotBeSameAs(original);
            stored.MessageSpan.ToString().ShouldBe(rule.FormatWholeMessage(text));
            stored.MessageSpan.ToString().ShouldBe(FormatExpected(format, [text]));
            stored.Message.ShouldBe(original.Message);
        }
    }

    [Fact]
    public void The_real_rules_include_one_whose_format_adds_wording_around_the_whole_message()
    {
        // What the test above relies on to cover a format around {0} with an interpolated message (EA5012's).
        var rule = AllDescriptors().Single(r => r.Id == "EA5012");
        rule.MessageFormat.ShouldStartWith("{0} ");
        rule.HasPlainPlaceholders.ShouldBeTrue();
        AllDescriptors().Count().ShouldBeGreaterThan(90);
    }

    private static List<(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn, string Message)> ReadOneByOne(Finding finding)
    {
        var read = new List<(string, int, int, int, int, string)>();
        var related = finding.ReadRelatedLocations();
        int count = related.Count;
        while (related.MoveNext())
        {
            read.Add((related.Path, related.StartLine, related.StartColumn, related.EndLine, related.EndColumn, related.Message.ToString()));
        }

        related.MoveNext().ShouldBeFalse();
        read.Count.ShouldBe(count);
        return read;
    }

    private static List<(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn, string Message)> AsRead(Finding finding) =>
        [.. finding.RelatedLocations.Select(r => (r.Location.Path, r.Location.StartLine, r.Location.StartColumn, r.Location.EndLine, r.Location.EndColumn, r.Message))];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Related_locations_read_one_by_one_are_the_ones_reported(string shape)
    {
        var store = new FindingStore();
        var original = Make(shape, 11);
        var stored = store.Keep(original);

        ReadOneByOne(stored).ShouldBe(AsRead(original));
        ReadOneByOne(original).ShouldBe(AsRead(original));
    }

    [Fact]
    public void Related_locations_read_one_by_one_have_their_own_messages_however_long()
    {
        var store = new FindingStore();
        var longMessage = string.Concat(Enumerable.Repeat("served élsewhere ", 200));
        RelatedLocation[] related = [new(Elsewhere, longMessage), new(At, "short"), new(Elsewhere, string.Empty), new(At, longMessage + "!")];
        var original = Finding.Create(Whole, Severity.Warning, At, "k", related, $"message {1}");
        var stored = store.Keep(original);

        var read = ReadOneByOne(stored);

        read.Select(r => r.Message).ShouldBe([longMessage, "short", string.Empty, longMessage + "!"]);
        read[0].Path.ShouldBe("web/nginx/sites-enabled/results.conf");
        (read[0].StartLine, read[0].StartColumn, read[0].EndLine, read[0].EndColumn).ShouldBe((12, 5, 14, 6));
        read.ShouldBe(AsRead(original));

        // Reading the message as characters first, then the related locations, then the message again.
        stored.MessageSpan.ToString().ShouldBe("message 1");
        ReadOneByOne(stored).Count.ShouldBe(4);
        stored.MessageSpan.ToString().ShouldBe("message 1");
        ReadOneByOne(store.Keep(Make("no related", 2))).ShouldBeEmpty();
    }
}
