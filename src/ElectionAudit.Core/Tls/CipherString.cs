using ElectionAudit.Text;

namespace ElectionAudit.Tls;

/// <summary>
/// Expands an OpenSSL cipher string (nginx <c>ssl_ciphers</c>, Apache <c>SSLCipherSuite</c>) into the ordered suite
/// list OpenSSL 3.0 builds from it. This is a port of the algorithm of ssl/ssl_ciph.c (ssl_create_cipher_list,
/// ssl_cipher_process_rulestr, ssl_cipher_apply_rule, ssl_cipher_strength_sort), written from reading it.
/// </summary>
public static class CipherString
{
    // ssl/ssl_local.h: SSL_STRONG_MASK covers the strength classes and SSL_FIPS; SSL_DEFAULT_MASK is SSL_NOT_DEFAULT.
    private const uint StrongMask = 0x1F;
    private const uint DefaultMask = 0x20;

    // OSSL_default_cipher_list() of OpenSSL 3.0 (include/openssl/ssl.h, SSL_DEFAULT_CIPHER_LIST).
    private const string DefaultRule = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

    private const uint AllPsk = (uint)(KeyExchangeAlgorithms.Psk | KeyExchangeAlgorithms.RsaPsk | KeyExchangeAlgorithms.EcdhePsk | KeyExchangeAlgorithms.DhePsk);

    /// <summary>
    /// The alias table (cipher_aliases[] of ssl/ssl_ciph.c in OpenSSL 3.0). Masks are OR-ed bit sets; zero means "any".
    /// A complement such as ALL's "every encryption but eNULL" is written as ~bits, as OpenSSL does.
    /// </summary>
    private static readonly Alias[] Aliases =
    [
        new("ALL", Encryption: ~(uint)EncryptionAlgorithms.Null),
        new("COMPLEMENTOFALL", Encryption: (uint)EncryptionAlgorithms.Null),
        new("COMPLEMENTOFDEFAULT", Strength: (uint)CipherStrengthClasses.NotDefault),

        new("kRSA", KeyExchange: (uint)KeyExchangeAlgorithms.Rsa),
        new("kEDH", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe),
        new("kDHE", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe),
        new("DH", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe),
        new("kEECDH", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe),
        new("kECDHE", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe),
        new("ECDH", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe),
        new("kPSK", KeyExchange: (uint)KeyExchangeAlgorithms.Psk),
        new("kRSAPSK", KeyExchange: (uint)KeyExchangeAlgorithms.RsaPsk),
        new("kECDHEPSK", KeyExchange: (uint)KeyExchangeAlgorithms.EcdhePsk),
        new("kDHEPSK", KeyExchange: (uint)KeyExchangeAlgorithms.DhePsk),
        new("kSRP", KeyExchange: (uint)KeyExchangeAlgorithms.Srp),
        new("kGOST", KeyExchange: (uint)KeyExchangeAlgorithms.Gost),
        new("kGOST18", KeyExchange: (uint)KeyExchangeAlgorithms.Gost18),

        new("aRSA", Authentication: (uint)AuthenticationAlgorithms.Rsa),
        new("aDSS", Authentication: (uint)AuthenticationAlgorithms.Dss),
        new("DSS", Authentication: (uint)AuthenticationAlgorithms.Dss),
        new("aNULL", Authentication: (uint)AuthenticationAlgorithms.Anonymous),
        new("aECDSA", Authentication: (uint)AuthenticationAlgorithms.Ecdsa),
        new("ECDSA", Authentication: (uint)AuthenticationAlgorithms.Ecdsa),
        new("aPSK", Authentication: (uint)AuthenticationAlgorithms.Psk),
        new("aGOST01", Authentication: (uint)AuthenticationAlgorithms.Gost01),
        new("aGOST12", Authentication: (uint)AuthenticationAlgorithms.Gost12),
        new("aGOST", Authentication: (uint)(AuthenticationAlgorithms.Gost01 | AuthenticationAlgorithms.Gost12)),
        new("aSRP", Authentication: (uint)AuthenticationAlgorithms.Srp),

        new("EDH", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe, Authentication: ~(uint)AuthenticationAlgorithms.Anonymous),
        new("DHE", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe, Authentication: ~(uint)AuthenticationAlgorithms.Anonymous),
        new("EECDH", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe, Authentication: ~(uint)AuthenticationAlgorithms.Anonymous),
        new("ECDHE", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe, Authentication: ~(uint)AuthenticationAlgorithms.Anonymous),
        new("NULL", Encryption: (uint)EncryptionAlgorithms.Null),
        new("RSA", KeyExchange: (uint)KeyExchangeAlgorithms.Rsa, Authentication: (uint)AuthenticationAlgorithms.Rsa),
        new("ADH", KeyExchange: (uint)KeyExchangeAlgorithms.Dhe, Authentication: (uint)AuthenticationAlgorithms.Anonymous),
        new("AECDH", KeyExchange: (uint)KeyExchangeAlgorithms.Ecdhe, Authentication: (uint)AuthenticationAlgorithms.Anonymous),
        new("PSK", KeyExchange: AllPsk),
        new("SRP", KeyExchange: (uint)KeyExchangeAlgorithms.Srp),

        new("3DES", Encryption: (uint)EncryptionAlgorithms.TripleDes),
        new("RC4", Encryption: (uint)EncryptionAlgorithms.Rc4),
        new("RC2", Encryption: (uint)EncryptionAlgorithms.Rc2),
        new("IDEA", Encryption: (uint)EncryptionAlgorithms.Idea),
        new("SEED", Encryption: (uint)EncryptionAlgorithms.Seed),
        new("eNULL", Encryption: (uint)EncryptionAlgorithms.Null),
        new("GOST", Encryption: (uint)(EncryptionAlgorithms.Gost89 | EncryptionAlgorithms.Gost89With2012Parameters | EncryptionAlgorithms.Magma | EncryptionAlgorithms.Kuznyechik)),
        new("AES128", Encryption: (uint)(EncryptionAlgorithms.Aes128 | EncryptionAlgorithms.Aes128Gcm | EncryptionAlgorithms.Aes128Ccm | EncryptionAlgorithms.Aes128Ccm8)),
        new("AES256", Encryption: (uint)(EncryptionAlgorithms.Aes256 | EncryptionAlgorithms.Aes256Gcm | EncryptionAlgorithms.Aes256Ccm | EncryptionAlgorithms.Aes256Ccm8)),
        new("AES", Encryption: (uint)EncryptionAlgorithms.Aes),
        new("AESGCM", Encryption: (uint)EncryptionAlgorithms.AesGcm),
        new("AESCCM", Encryption: (uint)EncryptionAlgorithms.AesCcm),
        new("AESCCM8", Encryption: (uint)(EncryptionAlgorithms.Aes128Ccm8 | EncryptionAlgorithms.Aes256Ccm8)),
        new("CAMELLIA128", Encryption: (uint)EncryptionAlgorithms.Camellia128),
        new("CAMELLIA256", Encryption: (uint)EncryptionAlgorithms.Camellia256),
        new("CAMELLIA", Encryption: (uint)EncryptionAlgorithms.Camellia),
        new("CHACHA20", Encryption: (uint)EncryptionAlgorithms.ChaCha20Poly1305),
        new("ARIA", Encryption: (uint)EncryptionAlgorithms.Aria),
        new("ARIAGCM", Encryption: (uint)EncryptionAlgorithms.Aria),
        new("ARIA128", Encryption: (uint)EncryptionAlgorithms.Aria128Gcm),
        new("ARIA256", Encryption: (uint)EncryptionAlgorithms.Aria256Gcm),
        new("CBC", Encryption: (uint)EncryptionAlgorithms.Cbc),

        new("MD5", Mac: (uint)MacAlgorithms.Md5),
        new("SHA1", Mac: (uint)MacAlgorithms.Sha1),
        new("SHA", Mac: (uint)MacAlgorithms.Sha1),
        new("GOST94", Mac: (uint)MacAlgorithms.Gost94),
        new("GOST89MAC", Mac: (uint)(MacAlgorithms.Gost89Mac | MacAlgorithms.Gost89MacWith2012Parameters)),
        new("SHA256", Mac: (uint)MacAlgorithms.Sha256),
        new("SHA384", Mac: (uint)MacAlgorithms.Sha384),
        new("GOST12", Mac: (uint)MacAlgorithms.Gost12With256),

        new("SSLv3", MinimumVersion: (int)TlsProtocolVersion.Ssl30),
        new("TLSv1", MinimumVersion: (int)TlsProtocolVersion.Tls10),
        new("TLSv1.0", MinimumVersion: (int)TlsProtocolVersion.Tls10),
        new("TLSv1.2", MinimumVersion: (int)TlsProtocolVersion.Tls12),

        new("LOW", Strength: (uint)CipherStrengthClasses.Low),
        new("MEDIUM", Strength: (uint)CipherStrengthClasses.Medium),
        new("HIGH", Strength: (uint)CipherStrengthClasses.High),
        new("FIPS", Encryption: ~(uint)EncryptionAlgorithms.Null, Strength: (uint)CipherStrengthClasses.Fips),

        // "EDH-" names kept as aliases of the "DHE-" suites for backward compatibility.
        new("EDH-DSS-DES-CBC3-SHA", (uint)KeyExchangeAlgorithms.Dhe, (uint)AuthenticationAlgorithms.Dss, (uint)EncryptionAlgorithms.TripleDes, (uint)MacAlgorithms.Sha1, 0, (uint)(CipherStrengthClasses.High | CipherStrengthClasses.Fips)),
        new("EDH-RSA-DES-CBC3-SHA", (uint)KeyExchangeAlgorithms.Dhe, (uint)AuthenticationAlgorithms.Rsa, (uint)EncryptionAlgorithms.TripleDes, (uint)MacAlgorithms.Sha1, 0, (uint)(CipherStrengthClasses.High | CipherStrengthClasses.Fips)),
    ];

    private static readonly Dictionary<string, Alias> AliasByName = Aliases.ToDictionary(static alias => alias.Name, StringComparer.Ordinal);

    private enum Rule
    {
        Add,
        Kill,
        Delete,
        Order,
        Special,
        Bump,
    }

    /// <summary>Expands <paramref name="cipherString"/> as OpenSSL 3.0's SSL_CTX_set_cipher_list would.</summary>
    /// <param name="cipherString">The cipher string, without the quotes of the configuration file.</param>
    /// <param name="options">Build and provider assumptions; <see cref="CipherExpansionOptions.Default"/> when null.</param>
    public static CipherExpansion Expand(string cipherString, CipherExpansionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cipherString);
        options ??= CipherExpansionOptions.Default;
        var masks = DisabledMasks.For(options);
        var diagnostics = new List<CipherStringDiagnostic>();
        var list = BuildDefaultOrder(masks);

        // ssl_create_cipher_list: the names the rule string may use are the available suites, then the aliases
        // whose every named algorithm class still has an enabled member (ssl_cipher_collect_aliases).
        var available = new Dictionary<string, CipherSuite>(StringComparer.Ordinal);
        for (var node = list.Head; node is not null; node = node.Next)
        {
            available[node.Suite.Name] = node.Suite;
        }

        var state = new ParseState(cipherString, list, available, masks, diagnostics);

        // check_suiteb_cipher_list: a string that starts with a Suite B keyword is replaced by the Suite B suites.
        string ruleString = cipherString;
        int offsetBase = 0;
        string? suiteB = SuiteBReplacement(cipherString);
        if (suiteB is not null)
        {
            ruleString = suiteB;
            offsetBase = -1;
        }

        bool ok = true;
        int start = 0;
        if (ruleString.StartsWith("DEFAULT", StringComparison.Ordinal))
        {
            // Only a leading DEFAULT is expanded; the rest of the string continues after it (and one ':').
            ok = ProcessRuleString(state, DefaultRule, -1);
            start = 7;
            if (start < ruleString.Length && ruleString[start] == ':')
            {
                start++;
            }
        }

        if (ok && start < ruleString.Length)
        {
            ok = ProcessRuleString(state, ruleString[start..], offsetBase < 0 ? -1 : start);
        }

        var tls13 = (options.Tls13Suites ?? CipherSuiteCatalog.Tls13Default)
            .Where(suite => (masks.Encryption & (uint)suite.Encryption) == 0)
            .ToList();
        if (!ok)
        {
            return new CipherExpansion(cipherString, [], tls13, diagnostics, state.SecurityLevel);
        }

        var suites = new List<CipherSuite>();
        for (var node = list.Head; node is not null; node = node.Next)
        {
            if (node.Active)
            {
                suites.Add(node.Suite);
            }
        }

        if (suites.Count == 0)
        {
            // SSL_CTX_set_cipher_list: a list without a TLS 1.2-or-below suite is SSL_R_NO_CIPHER_MATCH.
            diagnostics.Add(new CipherStringDiagnostic(
                CipherStringDiagnosticKind.NoCipherMatch,
                new TextSpan(0, cipherString.Length),
                "The cipher string selects no TLS 1.2-or-below cipher suite; OpenSSL rejects it with \"no cipher match\"."));
        }

        return new CipherExpansion(cipherString, suites, tls13, diagnostics, state.SecurityLevel);
    }

    private static string? SuiteBReplacement(string ruleString)
    {
        // The order of the checks matters: SUITEB128ONLY and SUITEB128C2 also start with SUITEB128.
        if (ruleString.StartsWith("SUITEB128ONLY", StringComparison.Ordinal))
        {
            return "ECDHE-ECDSA-AES128-GCM-SHA256";
        }

        if (ruleString.StartsWith("SUITEB128C2", StringComparison.Ordinal))
        {
            return "ECDHE-ECDSA-AES256-GCM-SHA384";
        }

        if (ruleString.StartsWith("SUITEB128", StringComparison.Ordinal))
        {
            return "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384";
        }

        return ruleString.StartsWith("SUITEB192", StringComparison.Ordinal) ? "ECDHE-ECDSA-AES256-GCM-SHA384" : null;
    }

    private static CipherList BuildDefaultOrder(DisabledMasks masks)
    {
        // ssl_cipher_collect_ciphers walks ssl3_ciphers backwards after ssl_sort_cipher_list sorted it by id,
        // so the initial order is by descending identifier.
        var list = new CipherList();
        foreach (var suite in CipherSuiteCatalog.Tls12AndBelow.OrderByDescending(static suite => suite.Id))
        {
            if (masks.IsSuiteAvailable(suite))
            {
                list.Append(suite);
            }
        }

        const uint ecdhe = (uint)KeyExchangeAlgorithms.Ecdhe;
        const uint dhe = (uint)KeyExchangeAlgorithms.Dhe;

        // The preference order of ssl_create_cipher_list, step by step.
        // Prefer ephemeral ECDH, ECDSA before RSA among them.
        ApplyRule(list, null, ecdhe, (uint)AuthenticationAlgorithms.Ecdsa, 0, 0, 0, 0, Rule.Add, -1);
        ApplyRule(list, null, ecdhe, 0, 0, 0, 0, 0, Rule.Add, -1);
        ApplyRule(list, null, ecdhe, 0, 0, 0, 0, 0, Rule.Delete, -1);

        // Within each strength group, GCM before CHACHA20, then AES.
        ApplyRule(list, null, 0, 0, (uint)EncryptionAlgorithms.AesGcm, 0, 0, 0, Rule.Add, -1);
        ApplyRule(list, null, 0, 0, (uint)EncryptionAlgorithms.ChaCha20Poly1305, 0, 0, 0, Rule.Add, -1);
        ApplyRule(list, null, 0, 0, (uint)(EncryptionAlgorithms.Aes ^ EncryptionAlgorithms.AesGcm), 0, 0, 0, Rule.Add, -1);

        // Temporarily enable everything else for sorting.
        ApplyRule(list, null, 0, 0, 0, 0, 0, 0, Rule.Add, -1);

        // MD5, then anonymous, static RSA, plain PSK and RC4 move towards the end, each after the previous.
        ApplyRule(list, null, 0, 0, 0, (uint)MacAlgorithms.Md5, 0, 0, Rule.Order, -1);
        ApplyRule(list, null, 0, (uint)AuthenticationAlgorithms.Anonymous, 0, 0, 0, 0, Rule.Order, -1);
        ApplyRule(list, null, (uint)KeyExchangeAlgorithms.Rsa, 0, 0, 0, 0, 0, Rule.Order, -1);
        ApplyRule(list, null, (uint)KeyExchangeAlgorithms.Psk, 0, 0, 0, 0, 0, Rule.Order, -1);
        ApplyRule(list, null, 0, 0, (uint)EncryptionAlgorithms.Rc4, 0, 0, 0, Rule.Order, -1);

        // Sort by strength, keeping the order above within each strength.
        StrengthSort(list);

        // Bump TLS 1.2 suites, then: (EC)DHE + AEAD > (EC)DHE > other AEAD > the rest (bumps go in reverse order).
        ApplyRule(list, null, 0, 0, 0, 0, (int)TlsProtocolVersion.Tls12, 0, Rule.Bump, -1);
        ApplyRule(list, null, 0, 0, 0, (uint)MacAlgorithms.Aead, 0, 0, Rule.Bump, -1);
        ApplyRule(list, null, dhe | ecdhe, 0, 0, 0, 0, 0, Rule.Bump, -1);
        ApplyRule(list, null, dhe | ecdhe, 0, 0, (uint)MacAlgorithms.Aead, 0, 0, Rule.Bump, -1);

        // Now disable everything, keeping the order.
        ApplyRule(list, null, 0, 0, 0, 0, 0, 0, Rule.Delete, -1);
        return list;
    }

    /// <summary>ssl_cipher_apply_rule: selects suites by id, algorithm masks, version and strength (or by exact strength bits) and applies one operation.</summary>
    private static void ApplyRule(CipherList list, CipherSuite? cipher, uint keyExchange, uint authentication, uint encryption, uint mac, int minimumVersion, uint strength, Rule rule, int strengthBits)
    {
        bool reverse = rule is Rule.Delete or Rule.Bump;
        var next = reverse ? list.Tail : list.Head;
        var last = reverse ? list.Head : list.Tail;
        Node? current = null;
        while (current != last)
        {
            current = next;
            if (current is null)
            {
                break;
            }

            next = reverse ? current.Previous : current.Next;
            var suite = current.Suite;
            if (strengthBits >= 0)
            {
                if (strengthBits != suite.StrengthBits)
                {
                    continue;
                }
            }
            else if ((cipher is not null && cipher.Id != suite.Id)
                || (keyExchange != 0 && (keyExchange & (uint)suite.KeyExchange) == 0)
                || (authentication != 0 && (authentication & (uint)suite.Authentication) == 0)
                || (encryption != 0 && (encryption & (uint)suite.Encryption) == 0)
                || (mac != 0 && (mac & (uint)suite.Mac) == 0)
                || (minimumVersion != 0 && minimumVersion != (int)suite.MinimumVersion)
                || ((strength & StrongMask) != 0 && (strength & StrongMask & (uint)suite.StrengthClasses) == 0)
                || ((strength & DefaultMask) != 0 && (strength & DefaultMask & (uint)suite.StrengthClasses) == 0))
            {
                continue;
            }

            switch (rule)
            {
                case Rule.Add when !current.Active:
                    list.MoveToTail(current);
                    current.Active = true;
                    break;
                case Rule.Order when current.Active:
                    list.MoveToTail(current);
                    break;
                case Rule.Delete when current.Active:
                    // Most recently deleted suites get the best positions for a later add; the reverse walk keeps their order.
                    list.MoveToHead(current);
                    current.Active = false;
                    break;
                case Rule.Bump when current.Active:
                    list.MoveToHead(current);
                    break;
                case Rule.Kill:
                    list.Remove(current);
                    current.Active = false;
                    break;
            }
        }
    }

    /// <summary>ssl_cipher_strength_sort: for each strength present, strongest first, move the active suites of that strength to the end.</summary>
    private static void StrengthSort(CipherList list)
    {
        int maximum = 0;
        for (var node = list.Head; node is not null; node = node.Next)
        {
            if (node.Active && node.Suite.StrengthBits > maximum)
            {
                maximum = node.Suite.StrengthBits;
            }
        }

        var uses = new int[maximum + 1];
        for (var node = list.Head; node is not null; node = node.Next)
        {
            if (node.Active)
            {
                uses[node.Suite.StrengthBits]++;
            }
        }

        for (int bits = maximum; bits >= 0; bits--)
        {
            if (uses[bits] > 0)
            {
                ApplyRule(list, null, 0, 0, 0, 0, 0, 0, Rule.Order, bits);
            }
        }
    }

    private static bool IsSeparator(char c) => c is ':' or ' ' or ';' or ',';

    private static bool IsNameCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '=';

    /// <summary>
    /// ssl_cipher_process_rulestr. <paramref name="offset"/> maps positions in <paramref name="rules"/> to the user's
    /// string; -1 means the rules are not the user's text (the DEFAULT expansion, a Suite B replacement) and no
    /// diagnostic is located in them.
    /// </summary>
    private static bool ProcessRuleString(ParseState state, string rules, int offset)
    {
        bool result = true;
        int position = 0;
        while (position < rules.Length)
        {
            char c = rules[position];
            int elementStart = position;
            Rule rule;
            switch (c)
            {
                case '-':
                    rule = Rule.Delete;
                    position++;
                    break;
                case '+':
                    rule = Rule.Order;
                    position++;
                    break;
                case '!':
                    rule = Rule.Kill;
                    position++;
                    break;
                case '@':
                    rule = Rule.Special;
                    position++;
                    break;
                default:
                    rule = Rule.Add;
                    break;
            }

            if (IsSeparator(c))
            {
                position++;
                continue;
            }

            uint keyExchange = 0, authentication = 0, encryption = 0, mac = 0, strength = 0;
            int minimumVersion = 0;
            CipherSuite? cipher = null;
            bool found = false;
            int wordStart;
            int wordLength;
            while (true)
            {
                wordStart = position;
                while (position < rules.Length && IsNameCharacter(rules[position]))
                {
                    position++;
                }

                wordLength = position - wordStart;
                if (wordLength == 0)
                {
                    // A character that is neither an operator, a separator nor part of a name: OpenSSL's SSL_R_INVALID_COMMAND.
                    int badLength = position < rules.Length ? 1 : 0;
                    string what = position < rules.Length
                        ? $"the character '{DescribeCharacter(rules[position])}'"
                        : "the end of the string";
                    state.Report(offset, position, badLength, CipherStringDiagnosticKind.InvalidCommand,
                        $"OpenSSL cannot parse {what} here (a name must follow an operator or '+'); it rejects the whole cipher string.");
                    result = false;
                    found = false;
                    position++;
                    break;
                }

                if (rule == Rule.Special)
                {
                    break;
                }

                bool multi = position < rules.Length && rules[position] == '+';
                if (multi)
                {
                    position++;
                }

                string word = rules.Substring(wordStart, wordLength);
                var lookup = state.Lookup(word);
                if (lookup is null)
                {
                    state.ReportUnknown(offset, wordStart, word);
                    found = false;
                    break;
                }

                var (entryCipher, entry) = lookup.Value;
                found = true;
                if (!Intersect(ref keyExchange, entry.KeyExchange)
                    || !Intersect(ref authentication, entry.Authentication)
                    || !Intersect(ref encryption, entry.Encryption)
                    || !Intersect(ref mac, entry.Mac))
                {
                    found = false;
                }

                if (found && (entry.Strength & StrongMask) != 0)
                {
                    if ((strength & StrongMask) != 0)
                    {
                        strength &= (entry.Strength & StrongMask) | ~StrongMask;
                        found = (strength & StrongMask) != 0;
                    }
                    else
                    {
                        strength = entry.Strength & StrongMask;
                    }
                }

                if (found && (entry.Strength & DefaultMask) != 0)
                {
                    if ((strength & DefaultMask) != 0)
                    {
                        strength &= (entry.Strength & DefaultMask) | ~DefaultMask;
                        found = (strength & DefaultMask) != 0;
                    }
                    else
                    {
                        strength |= entry.Strength & DefaultMask;
                    }
                }

                if (found)
                {
                    if (entryCipher is not null)
                    {
                        // An explicit suite: its id is part of the pattern, its protocol version is not.
                        cipher = entryCipher;
                    }
                    else if (entry.MinimumVersion != 0)
                    {
                        if (minimumVersion != 0 && minimumVersion != entry.MinimumVersion)
                        {
                            found = false;
                        }
                        else
                        {
                            minimumVersion = entry.MinimumVersion;
                        }
                    }
                }

                if (!found)
                {
                    state.Report(offset, elementStart, ElementEnd(rules, elementStart) - elementStart, CipherStringDiagnosticKind.ContradictoryCombination,
                        $"'{rules[elementStart..ElementEnd(rules, elementStart)]}' combines classes that exclude each other, so it selects nothing; OpenSSL ignores it.");
                    break;
                }

                if (!multi)
                {
                    break;
                }
            }

            if (rule == Rule.Special)
            {
                if (wordLength > 0)
                {
                    string command = rules.Substring(wordStart, wordLength);
                    if (command == "STRENGTH")
                    {
                        StrengthSort(state.List);
                    }
                    else if (wordLength == 10 && command.StartsWith("SECLEVEL=", StringComparison.Ordinal) && command[9] is >= '0' and <= '5')
                    {
                        state.SecurityLevel = command[9] - '0';
                    }
                    else
                    {
                        state.Report(offset, elementStart, wordLength + 1, CipherStringDiagnosticKind.InvalidSpecialCommand,
                            $"'@{command}' is not a command OpenSSL knows (only @STRENGTH and @SECLEVEL=0 to 5); it rejects the whole cipher string.");
                        result = false;
                    }
                }

                // "@" commands take no '+' parts: the rest of the element is skipped.
                position = ElementEnd(rules, position);
            }
            else if (found)
            {
                ApplyRule(state.List, cipher, keyExchange, authentication, encryption, mac, minimumVersion, strength, rule, -1);
            }
            else
            {
                position = ElementEnd(rules, position);
            }
        }

        return result;
    }

    private static int ElementEnd(string rules, int position)
    {
        while (position < rules.Length && !IsSeparator(rules[position]))
        {
            position++;
        }

        return position;
    }

    private static bool Intersect(ref uint accumulated, uint entry)
    {
        if (entry == 0)
        {
            return true;
        }

        if (accumulated == 0)
        {
            accumulated = entry;
            return true;
        }

        accumulated &= entry;
        return accumulated != 0;
    }

    private static string DescribeCharacter(char c) => c switch
    {
        '\t' => "\\t",
        '\n' => "\\n",
        '\r' => "\\r",
        _ when char.IsControl(c) => $"\\u{(int)c:X4}",
        _ => c.ToString(),
    };

    private readonly record struct Alias(
        string Name,
        uint KeyExchange = 0,
        uint Authentication = 0,
        uint Encryption = 0,
        uint Mac = 0,
        int MinimumVersion = 0,
        uint Strength = 0);

    /// <summary>The algorithm classes this OpenSSL cannot use (ssl_load_ciphers: disabled_enc_mask and friends).</summary>
    private readonly record struct DisabledMasks(uint KeyExchange, uint Authentication, uint Encryption, uint Mac, bool WeakCiphersCompiled)
    {
        public static DisabledMasks For(CipherExpansionOptions options)
        {
            uint encryption = 0, mac = 0, keyExchange = 0, authentication = 0;
            if (!options.LegacyProviderLoaded)
            {
                // DES, RC4, RC2, IDEA and SEED are only in OpenSSL 3.0's legacy provider.
                encryption |= (uint)(EncryptionAlgorithms.Des | EncryptionAlgorithms.Rc4 | EncryptionAlgorithms.Rc2 | EncryptionAlgorithms.Idea | EncryptionAlgorithms.Seed);
            }

            if (!options.GostEngineLoaded)
            {
                encryption |= (uint)(EncryptionAlgorithms.Gost89 | EncryptionAlgorithms.Gost89With2012Parameters | EncryptionAlgorithms.Magma | EncryptionAlgorithms.Kuznyechik);
                mac |= (uint)(MacAlgorithms.Gost94 | MacAlgorithms.Gost89Mac | MacAlgorithms.Gost89MacWith2012Parameters | MacAlgorithms.Gost12With256 | MacAlgorithms.Gost12With512 | MacAlgorithms.MagmaOmac | MacAlgorithms.KuznyechikOmac);
                authentication |= (uint)(AuthenticationAlgorithms.Gost01 | AuthenticationAlgorithms.Gost12);
                keyExchange |= (uint)(KeyExchangeAlgorithms.Gost | KeyExchangeAlgorithms.Gost18);
            }

            return new DisabledMasks(keyExchange, authentication, encryption, mac, options.IncludeWeakSslCiphers);
        }

        public bool IsSuiteAvailable(CipherSuite suite) =>
            (suite.Availability != CipherSuiteAvailability.RequiresWeakCipherBuild || WeakCiphersCompiled)
            && ((uint)suite.KeyExchange & KeyExchange) == 0
            && ((uint)suite.Authentication & Authentication) == 0
            && ((uint)suite.Encryption & Encryption) == 0
            && ((uint)suite.Mac & Mac) == 0;

        public bool IsAliasAvailable(Alias alias) =>
            (alias.KeyExchange == 0 || (alias.KeyExchange & ~KeyExchange) != 0)
            && (alias.Authentication == 0 || (alias.Authentication & ~Authentication) != 0)
            && (alias.Encryption == 0 || (alias.Encryption & ~Encryption) != 0)
            && (alias.Mac == 0 || (alias.Mac & ~Mac) != 0);
    }

    private sealed class ParseState(string text, CipherList list, Dictionary<string, CipherSuite> available, DisabledMasks masks, List<CipherStringDiagnostic> diagnostics)
    {
        public CipherList List { get; } = list;

        public int? SecurityLevel { get; set; }

        /// <summary>Finds a name as ssl_cipher_process_rulestr does: available suites first, then available aliases; exact, case-sensitive.</summary>
        public (CipherSuite? Cipher, Alias Entry)? Lookup(string word)
        {
            if (available.TryGetValue(word, out var suite))
            {
                return (suite, new Alias(suite.Name, (uint)suite.KeyExchange, (uint)suite.Authentication, (uint)suite.Encryption, (uint)suite.Mac, (int)suite.MinimumVersion, (uint)suite.StrengthClasses));
            }

            if (AliasByName.TryGetValue(word, out var alias) && masks.IsAliasAvailable(alias))
            {
                return (null, alias);
            }

            return null;
        }

        public void ReportUnknown(int offset, int position, string word)
        {
            if (offset < 0)
            {
                return;
            }

            var known = CipherSuiteCatalog.FindByName(word);
            if (known is not null)
            {
                string why = known.IsTls13
                    ? "it is a TLS 1.3 suite, which OpenSSL configures through Ciphersuites, not the cipher string"
                    : known.Availability switch
                    {
                        CipherSuiteAvailability.RequiresWeakCipherBuild => "OpenSSL 3.0 compiles it only with enable-weak-ssl-ciphers",
                        CipherSuiteAvailability.RequiresLegacyProvider => "its cipher is only in OpenSSL 3.0's legacy provider",
                        _ => "this OpenSSL cannot use it",
                    };
                Report(offset, position, word.Length, CipherStringDiagnosticKind.UnavailableName, $"'{word}' is a suite OpenSSL knows, but {why}; OpenSSL ignores it.");
            }
            else if (AliasByName.ContainsKey(word))
            {
                Report(offset, position, word.Length, CipherStringDiagnosticKind.UnavailableName, $"'{word}' names algorithms this OpenSSL cannot use; OpenSSL ignores it.");
            }
            else if (word == "DEFAULT")
            {
                Report(offset, position, word.Length, CipherStringDiagnosticKind.MisplacedDefault, "'DEFAULT' is expanded only at the very start of a cipher string; here OpenSSL ignores it.");
            }
            else
            {
                Report(offset, position, word.Length, CipherStringDiagnosticKind.UnknownName, $"'{word}' is not a cipher suite or alias OpenSSL knows; OpenSSL ignores it.");
            }
        }

        public void Report(int offset, int position, int length, CipherStringDiagnosticKind kind, string message)
        {
            if (offset < 0)
            {
                return;
            }

            int start = Math.Min(offset + position, text.Length);
            diagnostics.Add(new CipherStringDiagnostic(kind, new TextSpan(start, Math.Min(length, text.Length - start)), message));
        }
    }

    /// <summary>The CIPHER_ORDER doubly linked list of ssl_ciph.c.</summary>
    private sealed class CipherList
    {
        public Node? Head { get; private set; }

        public Node? Tail { get; private set; }

        public void Append(CipherSuite suite)
        {
            var node = new Node(suite) { Previous = Tail };
            if (Tail is null)
            {
                Head = node;
            }
            else
            {
                Tail.Next = node;
            }

            Tail = node;
        }

        public void MoveToTail(Node node)
        {
            if (node == Tail)
            {
                return;
            }

            Unlink(node);
            node.Previous = Tail;
            node.Next = null;
            Tail!.Next = node;
            Tail = node;
        }

        public void MoveToHead(Node node)
        {
            if (node == Head)
            {
                return;
            }

            Unlink(node);
            node.Next = Head;
            node.Previous = null;
            Head!.Previous = node;
            Head = node;
        }

        /// <summary>CIPHER_KILL: the node leaves the list for good.</summary>
        public void Remove(Node node)
        {
            Unlink(node);
            node.Next = null;
            node.Previous = null;
        }

        private void Unlink(Node node)
        {
            if (node.Previous is null)
            {
                Head = node.Next;
            }
            else
            {
                node.Previous.Next = node.Next;
            }

            if (node.Next is null)
            {
                Tail = node.Previous;
            }
            else
            {
                node.Next.Previous = node.Previous;
            }
        }
    }

    private sealed class Node(CipherSuite suite)
    {
        public CipherSuite Suite { get; } = suite;

        public bool Active { get; set; }

        public Node? Previous { get; set; }

        public Node? Next { get; set; }
    }
}
