using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketLint.Connections;
using SocketLint.Tests.Robustness;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>The by-name table the rules look socket members up in: by definition, by name first, each overload apart.</summary>
public class MethodTableTests
{
    private const string Source = """
        class C
        {
            public void M(int x) { }
            public void M(string s) { }
            public T G<T>(T value) => value;
            public void Other() { }
        }
        """;

    [Fact]
    public void Every_receive_SL0001_looks_at_is_named_with_R_or_E_as_its_first_filter_assumes()
    {
        var compilation = Compile();
        var api = ConnectionApi.For(compilation)!;
        var receives = 0;
        foreach (var typeName in new[] { "System.Net.Sockets.Socket", "System.Net.Sockets.NetworkStream", "System.Net.Security.SslStream", "System.IO.Stream",
            "System.IO.BufferedStream", "System.IO.TextReader", "System.IO.StreamReader", "System.IO.BinaryReader", "System.Net.Sockets.TcpClient", "System.Net.Sockets.UdpClient" })
        {
            var type = compilation.GetTypeByMetadataName(typeName);
            Assert.NotNull(type);
            foreach (var method in type!.GetMembers().OfType<IMethodSymbol>())
            {
                if (api.Classify(method, out _) != ConnectionMemberKind.Receive && !api.IsReaderReceive(method))
                    continue;
                receives++;
                Assert.True(method.Name[0] is 'R' or 'E', $"{typeName}.{method.Name} is a receive whose name SL0001's first filter passes over");
            }
        }

        Assert.True(receives > 20, $"only {receives} receives found");
    }

    [Fact]
    public void Every_blocking_call_and_wait_SL0004_knows_has_a_shape_its_first_filter_passes()
    {
        var compilation = Compile();
        var symbols = KnownSymbols.For(compilation)!;
        var blockingCalls = BlockingCalls.For(symbols);
        var shapes = blockingCalls.CallAndWaitShapes;

        // Every method of the socket family, the streams, readers, writers and Task that SL0004 maps passes; so does
        // every wait SyncWaits names.
        var mapped = 0;
        foreach (var typeName in new[] { "System.Net.Sockets.Socket", "System.Net.Sockets.TcpListener", "System.Net.Sockets.TcpClient", "System.Net.Sockets.UdpClient",
            "System.Net.Sockets.NetworkStream", "System.Net.Security.SslStream", "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter",
            "System.IO.BinaryReader", "System.IO.BinaryWriter", "System.Net.Dns", "System.Threading.Tasks.Task" })
        {
            foreach (var method in compilation.GetTypeByMetadataName(typeName)!.GetMembers().OfType<IMethodSymbol>())
            {
                if (blockingCalls.Find(method) is null)
                    continue;
                mapped++;
                Assert.True(shapes.MayBe(method.Name), $"{typeName}.{method.Name} is a blocking call whose name SL0004's first filter passes over");
                Assert.True(blockingCalls.IsCallOrWaitName(method.Name), $"{typeName}.{method.Name} is a blocking call whose name SL0004's second filter passes over");

                // A call named ...Async is asked only about its task's Result.
                Assert.False(method.Name.EndsWith("Async", System.StringComparison.Ordinal), $"{typeName}.{method.Name} is a blocking call named as a task's method");
            }
        }

        Assert.True(mapped > 30, $"only {mapped} blocking calls found");
        Assert.All(SyncWaits.WaitNames, name => Assert.True(shapes.MayBe(name) && blockingCalls.IsCallOrWaitName(name) && !name.EndsWith("Async", System.StringComparison.Ordinal)));

        // Names that share a socket member's first character and length by chance are told apart by the name itself.
        Assert.All(new[] { "Where", "Append", "Replace", "Sort", "WhenAll", "GetStream" }, name => Assert.True(shapes.MayBe(name) && !blockingCalls.IsCallOrWaitName(name), name));

        // Most of a code base's calls have a shape no socket member has (Where shares Write's shape, and Select is a socket member: those are looked up).
        Assert.All(new[] { "OrderBy", "ToList", "Add", "ToString", "Equals", "Format", "Trim", "GetHashCode", "" }, name => Assert.False(shapes.MayBe(name), name));
        Assert.False(shapes.MayBe("Émettre"));
        var withOutsideAscii = new NameShapes(blockingCalls.Names);
        withOutsideAscii.Add(new[] { "Émettre" });
        Assert.True(withOutsideAscii.MayBe("Ékrire"));
    }

    [Fact]
    public void A_name_is_found_exactly_among_the_names_of_its_shape()
    {
        var names = new NameShapes(new[] { "Write", "Wait", "Where", "Émettre", "Écrire", "Read", "ReadByte" });
        Assert.Equal(0, names.IndexOf("Write"));
        Assert.Equal(2, names.IndexOf("Where"));
        Assert.Equal(1, names.IndexOf("Wait"));
        Assert.Equal(4, names.IndexOf("Écrire"));
        Assert.Equal(3, names.Add("Émettre"));   // added again: the same index
        Assert.Equal(7, names.Count);

        // The same first character and length, another name; a prefix; another case; a name of no shape; the empty name.
        Assert.All(new[] { "Wrote", "Whole", "Rea", "ReadBytes", "write", "Émetteur", "Éxrire", "Add", "" }, name => Assert.False(names.Contains(name), name));
        Assert.Equal(7, names.Add(""));
        Assert.True(names.Contains(""));
        Assert.False(names.MayBe(""));
    }

    [Fact]
    public void Compilations_over_the_same_references_share_the_tables_built_from_metadata_and_nothing_else()
    {
        var first = Compile();
        var second = CSharpCompilation.Create("Other", [CSharpSyntaxTree.ParseText("class D { }", RobustnessHarness.ParseOptions)], RobustnessHarness.References);
        var firstSymbols = KnownSymbols.For(first)!;
        var secondSymbols = KnownSymbols.For(second)!;

        // Each compilation keeps its own symbols, close methods and type families; the tables of socket members are one.
        Assert.NotSame(firstSymbols, secondSymbols);
        Assert.Same(firstSymbols.Socket, secondSymbols.Socket);
        Assert.Same(BlockingCalls.For(firstSymbols), BlockingCalls.For(secondSymbols));
        Assert.NotSame(ConnectionApi.For(first), ConnectionApi.For(second));
        Assert.NotSame(ConnectionApi.For(first)!.CloseMethods, ConnectionApi.For(second)!.CloseMethods);

        // And they answer the same in both.
        var receive = secondSymbols.Socket.GetMembers("Receive").OfType<IMethodSymbol>().First(m => m.ReturnType.SpecialType == SpecialType.System_Int32);
        Assert.Equal(ConnectionMemberKind.Receive, ConnectionApi.For(first)!.Classify(receive, out _));
        Assert.Equal(ConnectionMemberKind.Receive, ConnectionApi.For(second)!.Classify(receive, out _));
        var wait = (IMethodSymbol)secondSymbols.Task!.GetMembers("Wait").First();
        Assert.Equal(SyncWaitKind.Wait, new SyncWaits(firstSymbols, static _ => false).KindOf(wait, "Wait"));
        Assert.Equal(SyncWaitKind.Wait, new SyncWaits(secondSymbols, static _ => false).KindOf(wait, "Wait"));
    }

    [Fact]
    public void A_compilation_whose_types_come_partly_from_source_builds_its_own_tables()
    {
        // No System.Net.Security reference, and an SslStream of the project's own: the types are not all from metadata,
        // so nothing built from them may be kept for other compilations (it would hold this one alive, and be wrong there).
        var references = RobustnessHarness.References.Where(r => !string.Equals(System.IO.Path.GetFileNameWithoutExtension(r.Display), "System.Net.Security", StringComparison.OrdinalIgnoreCase)).ToArray();
        var own = CSharpCompilation.Create(
            "Own",
            [CSharpSyntaxTree.ParseText("namespace System.Net.Security { public class SslStream : System.IO.Stream { public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => true; public override long Length => 0; public override long Position { get; set; } public override void Flush() { } public override int Read(byte[] b, int o, int c) => 0; public override long Seek(long o, System.IO.SeekOrigin s) => 0; public override void SetLength(long v) { } public override void Write(byte[] b, int o, int c) { } public void AuthenticateAsClient(string host) { } } }", RobustnessHarness.ParseOptions)],
            references);
        var shared = KnownSymbols.For(Compile())!;
        var ownSymbols = KnownSymbols.For(own)!;

        Assert.True(ownSymbols.SslStream is { } sslStream && !sslStream.DeclaringSyntaxReferences.IsEmpty);
        Assert.NotSame(BlockingCalls.For(shared), BlockingCalls.For(ownSymbols));
        var authenticate = (IMethodSymbol)ownSymbols.SslStream!.GetMembers("AuthenticateAsClient").Single();
        Assert.NotNull(BlockingCalls.For(ownSymbols).Find(authenticate));
        Assert.Null(BlockingCalls.For(shared).Find(authenticate));
    }

    [Fact]
    public void Finds_each_overload_apart_and_a_construction_by_its_definition()
    {
        var type = Compile().GetTypeByMetadataName("C")!;
        var overloads = type.GetMembers("M").Cast<IMethodSymbol>().ToArray();
        var generic = (IMethodSymbol)type.GetMembers("G").Single();
        var table = new MethodTable<string>();
        table.Set(overloads[0], "int");
        table.Set(generic, "generic");

        Assert.True(table.TryGet(overloads[0], out var value));
        Assert.Equal("int", value);
        Assert.False(table.TryGet(overloads[1], "M", out _, out var nameKnown));
        Assert.True(nameKnown);
        Assert.True(table.TryGet(generic.Construct(type), out value));
        Assert.Equal("generic", value);
        Assert.False(table.TryGet((IMethodSymbol)type.GetMembers("Other").Single(), "Other", out _, out nameKnown));
        Assert.False(nameKnown);
    }

    [Fact]
    public void A_second_set_replaces_the_first_and_a_name_alone_is_known_without_a_method()
    {
        var type = Compile().GetTypeByMetadataName("C")!;
        var other = (IMethodSymbol)type.GetMembers("Other").Single();
        var table = new MethodTable<int>();
        table.Set(other, 1);
        table.Set(other, 2);
        table.AddName("Dispose");

        Assert.True(table.TryGet(other, out var value));
        Assert.Equal(2, value);
        Assert.Single(table.Methods);
        Assert.False(table.TryGet(other, "Dispose", out _, out var nameKnown));
        Assert.True(nameKnown);
    }

    [Fact]
    public void The_connection_api_classifies_through_it_what_it_did_before()
    {
        var compilation = CSharpCompilation.Create(
            "Api",
            [CSharpSyntaxTree.ParseText("class C { }", RobustnessHarness.ParseOptions)],
            RobustnessHarness.References);
        var api = ConnectionApi.For(compilation)!;
        var socket = api.Symbols.Socket;
        var stream = api.Symbols.Stream!;
        var disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);

        var receive = socket.GetMembers("Receive").OfType<IMethodSymbol>().First(m => m.ReturnType.SpecialType == SpecialType.System_Int32);
        Assert.Equal(ConnectionMemberKind.Receive, api.Classify(receive, out var needsConnection));
        Assert.False(needsConnection);
        var read = stream.GetMembers("Read").OfType<IMethodSymbol>().First();
        Assert.Equal(ConnectionMemberKind.Receive, api.Classify(read, out needsConnection));
        Assert.True(needsConnection);
        Assert.Equal(ConnectionMemberKind.Close, api.Classify((IMethodSymbol)disposable.GetMembers("Dispose").Single(), out _));
        Assert.Equal(ConnectionMemberKind.None, api.Classify((IMethodSymbol)compilation.GetSpecialType(SpecialType.System_Object).GetMembers("ToString").Single(), out _));
    }

    private static CSharpCompilation Compile() =>
        CSharpCompilation.Create(
            "Table",
            [CSharpSyntaxTree.ParseText(Source, RobustnessHarness.ParseOptions)],
            RobustnessHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
}
