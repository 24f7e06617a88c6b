using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Connections;

/// <summary>
/// Methods that close a connection handed to them: methods of the compilation whose body closes a parameter
/// (one level deep, read from syntax once per method), and the methods named in <c>socketlint.close_methods</c>.
/// </summary>
internal sealed class CloseMethods
{
    /// <summary>The .editorconfig key: documentation IDs of methods that close their connection arguments, comma-separated.</summary>
    public const string OptionKey = "socketlint.close_methods";

    private static readonly ImmutableHashSet<string> ClosingNames = ImmutableHashSet.Create("Close", "Dispose", "DisposeAsync", "Shutdown", "Disconnect", "DisconnectAsync");

    /// <summary>A method that reads from the connection handles it (and closes it when it sees fit): it is no closing helper.</summary>
    private static readonly ImmutableHashSet<string> ReadingNames = ImmutableHashSet.Create("Receive", "ReceiveAsync", "BeginReceive", "Read", "ReadAsync", "ReadByte", "BeginRead", "GetStream");

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<bool>> _closedParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableHashSet<string>> _closedNames = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _closesSomething = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, ImmutableHashSet<IMethodSymbol>> _configured = new();

    /// <summary>Every receive, send and accept asks for its file's configured methods: answered once per file.</summary>
    private readonly PerTree<ImmutableHashSet<IMethodSymbol>> _configuredByTree = new();
    private readonly System.Func<SyntaxTree, AnalyzerOptions, ImmutableHashSet<IMethodSymbol>> _read;

    public CloseMethods(Compilation compilation)
    {
        _compilation = compilation;
        _read = Read;
        _summarize = method => Summarize(method, _compilation);
    }

    private readonly System.Func<IMethodSymbol, ImmutableArray<bool>> _summarize;

    /// <summary>The configured closing methods for a tree, read once per tree; entries that are not a method's documentation ID are ignored.</summary>
    public ImmutableHashSet<IMethodSymbol> Configured(SyntaxTree tree, AnalyzerOptions options) => _configuredByTree.Get(tree, options, _read);

    private ImmutableHashSet<IMethodSymbol> Read(SyntaxTree tree, AnalyzerOptions options) =>
        options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(OptionKey, out var value) && !string.IsNullOrWhiteSpace(value)
            ? _configured.GetOrAdd(value, Parse)
            : ImmutableHashSet<IMethodSymbol>.Empty;

    private ImmutableHashSet<IMethodSymbol> Parse(string value)
    {
        var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var id in value.Split(','))
        {
            var trimmed = id.Trim();
            if (trimmed.Length == 0)
                continue;
            // The lookup is lenient (it resolves "M:A.B(C" and "M:A.B(C))" too): an entry counts only when it is the
            // method's documentation ID exactly, so a mistyped one is ignored, as the doc page says, not half-read.
            foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(trimmed, _compilation))
            {
                if (symbol is IMethodSymbol method && DocumentationCommentId.CreateDeclarationId(method) == trimmed)
                    builder.Add(method);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Whether <paramref name="method"/>, declared in this compilation, closes its parameter at <paramref name="ordinal"/>.</summary>
    public bool ClosesParameter(IMethodSymbol method, int ordinal)
    {
        var closed = _closedParameters.GetOrAdd(method.OriginalDefinition, _summarize);
        return ordinal < closed.Length && closed[ordinal];
    }

    /// <summary>
    /// The names that <paramref name="method"/>, declared in this compilation, closes in its body (<c>_socket.Close()</c>,
    /// <c>this.client?.Dispose()</c>, <c>using (stream)</c>): a helper like <c>Disconnect()</c> that closes a field, or a local
    /// function that closes a captured local. Empty for methods without source.
    /// </summary>
    public ImmutableHashSet<string> ClosedNames(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.IsEmpty
            ? ImmutableHashSet<string>.Empty
            : _closedNames.GetOrAdd(method.OriginalDefinition, m =>
            {
                var builder = ImmutableHashSet.CreateBuilder<string>();
                foreach (var node in m.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes())
                {
                    var target = ClosedExpression(node);
                    if (target is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member })
                        target = member;
                    if (target is not null && NameIn(target) is { } name)
                        builder.Add(name);
                }

                return builder.ToImmutable();
            });

    private readonly ConcurrentDictionary<IMethodSymbol, (string Collection, int Key)?> _closedEntries = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The collection member and the parameter of <paramref name="method"/>, declared in this compilation, when it takes
    /// the entry at that parameter out of that collection of its object and closes it: <c>void Disconnect(Guid id) { if
    /// (_clients.TryRemove(id, out var c)) c.Dispose(); }</c> (also <c>Remove(id, out var c)</c>). Null otherwise.
    /// </summary>
    public (string Collection, int Key)? ClosedEntry(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.IsEmpty || method.Parameters.IsEmpty
            ? null
            : _closedEntries.GetOrAdd(method.OriginalDefinition, static m =>
            {
                var body = m.DeclaringSyntaxReferences[0].GetSyntax();
                var closed = new HashSet<string>();
                foreach (var node in body.DescendantNodes())
                {
                    if (ClosedExpression(node) is IdentifierNameSyntax local)
                        closed.Add(local.Identifier.ValueText);
                }

                foreach (var node in body.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryRemove" or "Remove", Expression: var collection }, ArgumentList.Arguments: { Count: 2 } arguments }
                        && arguments[0].Expression is IdentifierNameSyntax key
                        && arguments[1].RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                        && arguments[1].Expression switch
                        {
                            DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax taken } => taken.Identifier.ValueText,
                            IdentifierNameSyntax taken => taken.Identifier.ValueText,
                            _ => null,
                        } is { } takenName
                        && closed.Contains(takenName)
                        && ConnectionAliases.MemberName(collection) is { } collectionName)
                    {
                        foreach (var parameter in m.Parameters)
                        {
                            if (parameter.Name == key.Identifier.ValueText)
                                return (collectionName, parameter.Ordinal);
                        }
                    }
                }

                return null;
            });

    /// <summary>Whether <paramref name="method"/>, declared in this compilation, closes anything at all (<c>token.Socket.Close()</c>).</summary>
    public bool ClosesSomething(IMethodSymbol method) =>
        !method.DeclaringSyntaxReferences.IsEmpty
        && _closesSomething.GetOrAdd(method.OriginalDefinition, m => m.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes().Any(n => ClosedExpression(n) is not null));

    /// <summary>
    /// Whether <paramref name="method"/> closes anything, itself or through a method of its own type that it calls
    /// on this object (<c>DisconnectAsync()</c> that returns <c>Disconnect()</c>, which closes the socket).
    /// </summary>
    public bool ClosesSomethingOfItsOwn(IMethodSymbol method)
    {
        if (ClosesSomething(method))
            return true;
        if (method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        foreach (var node in method.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes())
        {
            var name = node switch
            {
                InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } } => member.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
                continue;
            foreach (var candidate in method.ContainingType.GetMembers(name))
            {
                if (candidate is IMethodSymbol callee && !SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, method.OriginalDefinition) && ClosesSomething(callee))
                    return true;
            }
        }

        return false;
    }

    /// <summary>What a closing call or a using statement closes: <c>x</c> in <c>x.Close()</c>, <c>x?.Dispose()</c>, <c>using (x)</c>.</summary>
    private static ExpressionSyntax? ClosedExpression(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } when IsClosingCall(access.Name.Identifier.ValueText) => access.Expression,
        ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
            when IsClosingCall(binding.Name.Identifier.ValueText) => conditional.Expression,
        UsingStatementSyntax { Expression: { } resource } => resource,
        _ => null,
    };

    /// <summary>
    /// A closing member's name, or a quiet wrapper's around one, as projects write their own extensions
    /// (<c>Target.TryDispose()</c>, <c>socket.SafeClose()</c>, <c>client.CloseQuietly()</c>); not <c>IsClosed</c> or <c>OnClosing</c>.
    /// </summary>
    private static bool IsClosingCall(string name)
    {
        if (ClosingNames.Contains(name))
            return true;
        var core = name;
        foreach (var prefix in WrapperPrefixes)
        {
            if (core.StartsWith(prefix, System.StringComparison.Ordinal) && core.Length > prefix.Length)
            {
                core = core.Substring(prefix.Length);
                break;
            }
        }

        foreach (var suffix in WrapperSuffixes)
        {
            if (core.EndsWith(suffix, System.StringComparison.Ordinal) && core.Length > suffix.Length)
            {
                core = core.Substring(0, core.Length - suffix.Length);
                break;
            }
        }

        return core != name && ClosingNames.Contains(core);
    }

    private static readonly string[] WrapperPrefixes = ["Safely", "Safe", "Try"];

    private static readonly string[] WrapperSuffixes = ["Safe", "Safely", "Quietly", "Silently"];

    /// <summary>
    /// Whether the method or local function <paramref name="call"/> names (<c>Pump(...)</c>, <c>this.Pump(...)</c>) reads its
    /// parameter at <paramref name="position"/> in its own body, one level deep; or a method of another type of the
    /// compilation that <paramref name="call"/> may name (<c>FrameIO.TryReadExact(client, header, 4)</c>), any of them
    /// reading it there.
    /// </summary>
    private static bool IsReadBy(IMethodSymbol caller, SyntaxNode callerBody, InvocationExpressionSyntax call, int position, Compilation compilation)
    {
        if (position < 0)
            return false;
        if (call.Expression is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax, Name: var otherMember })
        {
            // A name not declared in the compilation is the framework's (or a reference's): not followed.
            var otherName = otherMember.Identifier.ValueText;
            if (!compilation.ContainsSymbolsWithName(otherName, SymbolFilter.Member))
                return false;
            foreach (var symbol in compilation.GetSymbolsWithName(otherName, SymbolFilter.Member))
            {
                if (symbol is IMethodSymbol other && position < other.Parameters.Length && !other.DeclaringSyntaxReferences.IsEmpty
                    && ReadsParameter(other.DeclaringSyntaxReferences[0].GetSyntax(), other.Parameters[position].Name))
                {
                    return true;
                }
            }

            return false;
        }

        var name = call.Expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberAccessExpressionSyntax { Name: var member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is null)
            return false;

        // A local function of the caller, or of the member the caller is a local function of.
        SyntaxNode scope = callerBody.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } declaration
            ? declaration is GlobalStatementSyntax { Parent: { } program } ? program : declaration
            : callerBody;
        foreach (var localFunction in scope.DescendantNodes().OfType<LocalFunctionStatementSyntax>())
        {
            if (localFunction.Identifier.ValueText == name && position < localFunction.ParameterList.Parameters.Count
                && ReadsParameter(localFunction, localFunction.ParameterList.Parameters[position].Identifier.ValueText))
            {
                return true;
            }
        }

        foreach (var candidate in caller.ContainingType?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty)
        {
            if (candidate is IMethodSymbol callee && position < callee.Parameters.Length && !callee.DeclaringSyntaxReferences.IsEmpty
                && ReadsParameter(callee.DeclaringSyntaxReferences[0].GetSyntax(), callee.Parameters[position].Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReadsParameter(SyntaxNode body, string parameter)
    {
        var mayRead = MayRead(body);
        return body.DescendantNodes().Any(n => ReaderOf(n, mayRead) == parameter);
    }

    /// <summary>
    /// Whether a method's text says it may read in some way the syntax check does not follow: a read or receive
    /// through a member (<c>client.Client.Receive</c>, <c>writer.BaseStream</c>), an alias, a local function or a
    /// lambda; a poll, or what is available, or a copy. Where it does, a stream got from the connection counts as read
    /// whatever is done with it.
    /// </summary>
    private static bool MayRead(SyntaxNode body) => TextSearch.ContainsAny(body, ReadingWords, System.Threading.CancellationToken.None);

    private static readonly string[] ReadingWords = { "Read", "Receive", "Poll", "Available", "BaseStream", "CopyTo" };

    /// <summary>The name read from in <c>name.Receive</c>, <c>name.ReadAsync</c>, <c>name.GetStream</c>..., or null.</summary>
    /// <remarks>
    /// The name may be written with a null-forgiving operator or in parentheses (<c>client!.GetStream()</c>,
    /// <c>(client).GetStream()</c>), or read through a null-conditional access (<c>client?.GetStream()</c>). A stream got
    /// only to be written to reads nothing (<see cref="IsOnlyWrittenTo"/>), in a method whose text says no other way it
    /// may read (<paramref name="mayRead"/>, see <see cref="MayRead"/>).
    /// </remarks>
    private static string? ReaderOf(SyntaxNode node, bool mayRead) => node switch
    {
        MemberAccessExpressionSyntax read when ReadingNames.Contains(read.Name.Identifier.ValueText)
            && (mayRead || !(read.Name.Identifier.ValueText == "GetStream" && read.Parent is InvocationExpressionSyntax stream && IsOnlyWrittenTo(stream))) => NameIn(read.Expression),
        ConditionalAccessExpressionSyntax conditional when SyntaxShapes.BindingAtStart(conditional.WhenNotNull) is MemberBindingExpressionSyntax binding && ReadingNames.Contains(binding.Name.Identifier.ValueText)
            => NameIn(conditional.Expression),
        _ => null,
    };

    /// <summary>
    /// Whether the stream <paramref name="stream"/> gives is only written to, as a reply is: written or flushed on the spot
    /// (<c>client.GetStream().Write(reply)</c>), wrapped in a writer (<c>new StreamWriter(client.GetStream())</c>), or kept in
    /// a local that is only written, flushed, closed or wrapped in a writer. Anything else (a read, a reader, a copy, a
    /// local handed on) may read.
    /// </summary>
    private static bool IsOnlyWrittenTo(ExpressionSyntax stream) =>
        stream.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            ? IsOnlyWrittenTo(declarator)
            : IsWrite(stream, orClose: false);

    /// <summary>
    /// Whether <paramref name="stream"/> is written to or flushed (<c>stream.Write(...)</c>) or wrapped in a writer; with
    /// <paramref name="orClose"/>, also closed (<c>stream.Close()</c>, <c>using (stream)</c>).
    /// </summary>
    private static bool IsWrite(ExpressionSyntax stream, bool orClose) => stream.Parent switch
    {
        MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } use when use.Expression == stream =>
            WritingNames.Contains(use.Name.Identifier.ValueText) || (orClose && ClosingNames.Contains(use.Name.Identifier.ValueText)),
        ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } } => IsWriter(creation),
        UsingStatementSyntax => orClose,
        _ => false,
    };

    /// <summary>Whether each use of the local <paramref name="declarator"/> declares, in the block that declares it, writes to it, closes it, or wraps it in a writer.</summary>
    private static bool IsOnlyWrittenTo(VariableDeclaratorSyntax declarator)
    {
        var name = declarator.Identifier.ValueText;
        if (declarator.FirstAncestorOrSelf<BlockSyntax>() is not { } scope)
            return false;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is IdentifierNameSyntax use && use.Identifier.ValueText == name && !IsWrite(use, orClose: true))
                return false;
        }

        return true;
    }

    /// <summary>What writing to a stream is called: <c>Write</c>, <c>WriteAsync</c>, <c>WriteByte</c>, <c>BeginWrite</c>, <c>EndWrite</c>, <c>Flush</c>, <c>FlushAsync</c>.</summary>
    private static readonly ImmutableHashSet<string> WritingNames = ImmutableHashSet.Create("Write", "WriteAsync", "WriteByte", "BeginWrite", "EndWrite", "Flush", "FlushAsync");

    /// <summary>
    /// The framework's writers made over what they are given (<c>new StreamWriter(s)</c>, <c>new BinaryWriter(s)</c>, or
    /// <c>StreamWriter w = new(s)</c>), which only write; a writer class of yours may read too.
    /// </summary>
    private static bool IsWriter(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: var type } => LastName(type) is "StreamWriter" or "BinaryWriter",
        ImplicitObjectCreationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: var declared } } } } =>
            LastName(declared) is "StreamWriter" or "BinaryWriter",
        _ => false,
    };

    /// <summary>The name an expression is, through parentheses and null-forgiving operators (<c>(client)!</c>); or null.</summary>
    private static string? NameIn(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    break;

                // The connection's own socket: client.Client.Receive(...), stream.Socket.Receive(...).
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Client" or "Socket" } member:
                    expression = member.Expression;
                    break;
                case IdentifierNameSyntax name:
                    return name.Identifier.ValueText;
                default:
                    return null;
            }
        }
    }

    /// <summary>A call whose name says it reads what it is given: <c>Read</c>, <c>ReadMessage</c>, <c>ReceiveAll</c>.</summary>
    private static bool IsReadingCall(InvocationExpressionSyntax call)
    {
        var name = LastName(call.Expression);
        return name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Receive", System.StringComparison.Ordinal);
    }

    /// <summary>A reader or stream made over what it is given (<c>new StreamReader(s)</c>, <c>new SslStream(s)</c>); not a writer.</summary>
    private static bool IsReadingWrapper(ObjectCreationExpressionSyntax creation)
    {
        var type = LastName(creation.Type);
        return type.EndsWith("Reader", System.StringComparison.Ordinal) || type.EndsWith("Stream", System.StringComparison.Ordinal);
    }

    /// <summary>The last name of a member access, a qualified name or a simple name (<c>Read</c> of <c>Frames.Read</c>); empty for anything else.</summary>
    internal static string LastName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => "",
    };

    private static ImmutableArray<bool> Summarize(IMethodSymbol method, Compilation compilation)
    {
        if (method.Parameters.Length == 0 || method.DeclaringSyntaxReferences.Length == 0)
            return ImmutableArray<bool>.Empty;

        var body = method.DeclaringSyntaxReferences[0].GetSyntax();
        var names = method.Parameters.Select(p => p.Name).ToImmutableArray();
        var closed = new bool[names.Length];
        var reads = new bool[names.Length]; // read, or handed on: the method handles the connection, not just closes it
        // A close in a lambda or local function of the helper runs when that code runs, not when the helper is called:
        // Task.Run(async () => { using (client) await Serve(client); }) hands the connection to a task that serves it.
        // One in a catch runs when the helper failed to hand it on (new HttpConnection(socket) threw): not its work.
        var mayRead = MayRead(body);
        foreach (var node in body.DescendantNodes(node => node == body || node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or CatchClauseSyntax)))
        {
            if (ReaderOf(node, mayRead) is { } reader && names.IndexOf(reader) is var readIndex and >= 0)
                reads[readIndex] = true;

            // Passed on to a method of this type or a local function that reads it (Pump(source, dest)): the connection
            // may be read to its end there before this method closes it, so the method is no closing helper.
            if (node is ArgumentSyntax { Expression: IdentifierNameSyntax argument, Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list }
                && names.IndexOf(argument.Identifier.ValueText) is var passedIndex and >= 0
                && IsReadBy(method, body, call, list.Arguments.IndexOf((ArgumentSyntax)node), compilation))
            {
                reads[passedIndex] = true;
            }

            // Wrapped for reading (new StreamReader(stream), new SslStream(stream)) or passed to a reading method of another type
            // (NetworkUtils.Read(stream, max), Frames.ReadFrame(stream)): read there, as far as this body tells.
            if (node is ArgumentSyntax { Expression: IdentifierNameSyntax handed, Parent: ArgumentListSyntax { Parent: var receiver } }
                && names.IndexOf(handed.Identifier.ValueText) is var handedIndex and >= 0
                && ((receiver is ObjectCreationExpressionSyntax wrapper && IsReadingWrapper(wrapper)) || (receiver is InvocationExpressionSyntax reading && IsReadingCall(reading))))
            {
                reads[handedIndex] = true;
            }

            if (ClosedExpression(node) is { } closedExpression && NameIn(closedExpression) is { } closedName)
            {
                var index = names.IndexOf(closedName);
                if (index >= 0)
                    closed[index] = true;
            }
        }

        return closed.Select((c, i) => c && !reads[i]).ToImmutableArray();
    }
}
