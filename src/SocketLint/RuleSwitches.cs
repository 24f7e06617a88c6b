using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>SocketLint's rules, as flags: which of them are on. Each is <c>1 &lt;&lt; i</c> for the rule at <c>i</c> in <see cref="Descriptors.All"/>.</summary>
[Flags]
internal enum SocketRules
{
    None = 0,
    SL0001 = 1,
    SL0002 = 2,
    SL0003 = 4,
    SL0004 = 8,
}

/// <summary>
/// Which rules are on, in the compilation and in each file, as the compiler will decide it for their diagnostics: the
/// command line and rule sets (<c>/nowarn</c>, <c>/warnaserror</c>), then the file's <c>.editorconfig</c>, then the
/// global analyzer config, then the rule's default. A rule that is off does no work: the driver skips an analyzer only
/// when every rule it reports is off, and SocketLint's four rules are one analyzer.
/// </summary>
/// <remarks>
/// Where the settings leave a doubt (a general option that silences all warnings, a warning level, a category-wide
/// <c>dotnet_analyzer_diagnostic.*.severity</c>), a rule counts as on: the compiler drops what it should not show, and
/// the cost is only work done for nothing.
/// </remarks>
internal sealed class RuleSwitches
{
    /// <summary>Each file's rules; null when every file has the same (<see cref="Anywhere"/>).</summary>
    private readonly Dictionary<SyntaxTree, SocketRules>? _byTree;

    private RuleSwitches(SocketRules anywhere, Dictionary<SyntaxTree, SocketRules>? byTree)
    {
        Anywhere = anywhere;
        _byTree = byTree;
    }

    /// <summary>The rules that are on in at least one file.</summary>
    public SocketRules Anywhere { get; }

    /// <summary>The rules on in <paramref name="tree"/>.</summary>
    public SocketRules In(SyntaxTree tree) =>
        _byTree is null ? Anywhere : _byTree.TryGetValue(tree, out var rules) ? rules : Anywhere;

    /// <summary>The rules on in the file of <paramref name="operation"/>: one field read when the files agree, as they mostly do.</summary>
    public SocketRules At(IOperation operation) => _byTree is null ? Anywhere : In(operation.Syntax.SyntaxTree);

    public static RuleSwitches For(Compilation compilation, CancellationToken cancellationToken)
    {
        var options = compilation.Options;
        if (options.SyntaxTreeOptionsProvider is null || compilation.SyntaxTrees.FirstOrDefault() is not { } firstTree)
            return new RuleSwitches(On(options, null, cancellationToken), null);

        // The driver asks the same of every file for each analyzer it may skip; the answers are kept by file only when
        // the files disagree.
        var byTree = new Dictionary<SyntaxTree, SocketRules>();
        var anywhere = SocketRules.None;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var rules = On(options, tree, cancellationToken);
            anywhere |= rules;
            byTree.Add(tree, rules);
        }

        var first = byTree[firstTree];
        return new RuleSwitches(anywhere, byTree.Values.All(rules => rules == first) ? null : byTree);
    }

    /// <summary>The rules on for <paramref name="tree"/> (or the compilation, when null): rule <c>i</c> of <see cref="Descriptors.All"/> is flag <c>1 &lt;&lt; i</c>.</summary>
    private static SocketRules On(CompilationOptions options, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        var on = SocketRules.None;
        for (var i = 0; i < Descriptors.All.Length; i++)
        {
            if (IsOn(options, Descriptors.All[i], tree, cancellationToken))
                on |= (SocketRules)(1 << i);
        }

        return on;
    }

    /// <summary>The compiler's order: a command-line setting other than <c>/warnaserror-</c> wins; then the file's, then the global config; then the default.</summary>
    private static bool IsOn(CompilationOptions options, DiagnosticDescriptor descriptor, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        var specified = options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var report);
        if (specified && report != ReportDiagnostic.Default)
            return report != ReportDiagnostic.Suppress;
        if (options.SyntaxTreeOptionsProvider is { } provider
            && ((tree is not null && provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out report))
                || provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out report)))
        {
            return report != ReportDiagnostic.Suppress;
        }

        return specified || descriptor.IsEnabledByDefault;
    }
}
