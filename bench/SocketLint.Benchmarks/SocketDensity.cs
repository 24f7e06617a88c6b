using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Benchmarks;

/// <summary>How much of a code base is socket code, and how many findings SocketLint has in it.</summary>
/// <remarks>
/// A member is a method, constructor, operator, accessor or expression-bodied property, or a file's top-level
/// statements; lambdas and local functions belong to the member they are written in. A socket call is a call of a
/// member declared in <c>System.Net.Sockets</c> or made on a value of a type declared there (as the benchmark counts
/// them). The share of bind-and-check that SocketLint costs follows the socket members and the findings far more than
/// the lines, so the three counts per 1,000 lines are what tell a generated code base from a real one: the bodies
/// SocketLint walks, the calls it decides and the findings the driver files, against the lines the compiler binds.
/// </remarks>
public sealed record SocketDensity(int Files, int Lines, int Members, int SocketMembers, int Invocations, int SocketInvocations, int Findings)
{
    public double SocketMemberShare => Members == 0 ? 0 : (double)SocketMembers / Members;

    /// <summary>Socket members per 1,000 lines: each is a body SocketLint walks.</summary>
    public double SocketMembersPerKLines => PerKLines(SocketMembers);

    /// <summary>Socket calls per 1,000 lines: each is a call SocketLint decides.</summary>
    public double SocketCallsPerKLines => PerKLines(SocketInvocations);

    /// <summary>Findings per 1,000 lines: each is a report the driver files.</summary>
    public double FindingsPerKLines => PerKLines(Findings);

    private double PerKLines(int count) => Lines == 0 ? 0 : count * 1000.0 / Lines;

    /// <summary>The figures of <paramref name="compilation"/>'s trees; <paramref name="lines"/> as the caller counted them.</summary>
    public static async Task<SocketDensity> MeasureAsync(CSharpCompilation compilation, int lines, CancellationToken cancellationToken = default)
    {
        int members = 0, socketMembers = 0, invocations = 0, socketInvocations = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = (CompilationUnitSyntax)tree.GetRoot(cancellationToken);
            foreach (var member in MembersOf(root))
            {
                members++;
                var calls = 0;
                foreach (var invocation in member.SelectMany(node => node.DescendantNodes()).OfType<InvocationExpressionSyntax>())
                {
                    invocations++;
                    if (IsSocketCall(model, invocation, cancellationToken))
                        calls++;
                }

                socketInvocations += calls;
                if (calls > 0)
                    socketMembers++;
            }
        }

        var analyzer = new SocketLintAnalyzer();
        var findings = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket") is null
            ? 0
            : (await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false)).Length;
        return new SocketDensity(compilation.SyntaxTrees.Count(), lines, members, socketMembers, invocations, socketInvocations, findings);
    }

    /// <summary>The figures of the C# files under each folder, one compilation per folder (bin and obj left out).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> folders, BenchSettings settings, TextWriter output)
    {
        // Every folder's files first, so that a bad folder is a clear error before anything is printed.
        var sources = folders.Select(folder => (Folder: folder, Files: SourceFiles(folder))).ToList();
        var references = FrameworkReferences.Load();
        output.WriteLine("| code | files | lines | members | socket members | socket calls | SocketLint findings | socket members / 1k lines | socket calls / 1k lines | findings / 1k lines |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

        var generated = CodeGenerator.Generate(settings.Scales.Max() * settings.FilesPerUnit, settings.Seed, socketMethodsPerFile: settings.SocketMethodsPerFile);
        var generatedTrees = generated.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, Options, path: f.Path)).ToImmutableArray();
        WriteRow($"generated, {settings.Scales.Max()}×, {settings.SocketMethodsPerFile} socket methods per file",
            await MeasureAsync(Compile(generatedTrees, references), generated.Lines).ConfigureAwait(false), output);

        foreach (var (folder, files) in sources)
        {
            var texts = files.Select(f => (Path: f, Text: Read(f))).ToList();
            var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, Options, path: t.Path)).ToImmutableArray();
            var lines = texts.Sum(t => CodeGenerator.CountLines(t.Text));
            WriteRow(folder, await MeasureAsync(Compile(trees, references), lines).ConfigureAwait(false), output);
        }

        output.WriteLine();
        output.WriteLine("Compile errors in a folder (types from packages or projects it was not given) leave those calls uncounted, never counted wrongly.");
        return 0;
    }

    /// <summary>The .cs files under <paramref name="folder"/>, outside bin/ and obj/; a clear error when there are none.</summary>
    public static IReadOnlyList<string> SourceFiles(string folder)
    {
        if (!Directory.Exists(folder))
            throw new ArgumentException($"--density: no folder '{folder}'");
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--density: cannot list '{folder}': {e.Message}");
        }

        if (files.Count == 0)
            throw new ArgumentException($"--density: no .cs file under '{folder}'");
        return files;
    }

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--density: cannot read '{file}': {e.Message}");
        }
    }

    private static CSharpCompilation Compile(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create("Measured", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static void WriteRow(string name, SocketDensity d, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Join(" | ", [
            "| " + name,
            d.Files.ToString("N0", invariant),
            d.Lines.ToString("N0", invariant),
            d.Members.ToString("N0", invariant),
            $"{d.SocketMembers.ToString("N0", invariant)} ({(100 * d.SocketMemberShare).ToString("F0", invariant)}%)",
            d.SocketInvocations.ToString("N0", invariant),
            d.Findings.ToString("N0", invariant),
            d.SocketMembersPerKLines.ToString("F1", invariant),
            d.SocketCallsPerKLines.ToString("F1", invariant),
            d.FindingsPerKLines.ToString("F1", invariant) + " |",
        ]));
    }

    /// <summary>The members with code of a file, each once, as the nodes that hold its code; top-level statements as one member.</summary>
    private static IEnumerable<IReadOnlyList<SyntaxNode>> MembersOf(CompilationUnitSyntax root)
    {
        var globals = root.Members.OfType<GlobalStatementSyntax>().ToList();
        if (globals.Count > 0)
            yield return globals;
        foreach (var node in root.DescendantNodes(n => n is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax or GlobalStatementSyntax)))
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null }:
                case AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null }:
                case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                    yield return [node];
                    break;
            }
        }
    }

    /// <summary>A call of a member of <c>System.Net.Sockets</c>, or a call made on a value of a type of it.</summary>
    internal static bool IsSocketCall(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
        && (IsSocketNamespace(method.ContainingType)
            || (invocation.Expression is MemberAccessExpressionSyntax access && IsSocketNamespace(model.GetTypeInfo(access.Expression, cancellationToken).Type)));

    private static bool IsSocketNamespace(ITypeSymbol? type) =>
        type?.ContainingNamespace is { Name: "Sockets", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
