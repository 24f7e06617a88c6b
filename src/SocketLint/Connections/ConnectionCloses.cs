using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// What a call does to a connection, asked of one body's aliases: of the operation tree, or of a control flow
/// graph's operations when its flow captures are given.
/// </summary>
internal sealed class ConnectionCloses
{
    private readonly ConnectionApi _api;
    private readonly ConnectionAliases _aliases;
    private readonly ImmutableHashSet<IMethodSymbol> _configuredCloseMethods;
    private readonly IReadOnlyDictionary<CaptureId, IOperation>? _captures;

    /// <summary>Whether closing a reader or writer over the connection closes it (SL0001, SL0002); SL0003 counts only the connection's own closes.</summary>
    private readonly bool _wrappersClose;

    public ConnectionCloses(ConnectionApi api, ConnectionAliases aliases, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, IReadOnlyDictionary<CaptureId, IOperation>? captures, bool wrappersClose = false)
    {
        _wrappersClose = wrappersClose;
        _api = api;
        _aliases = aliases;
        _configuredCloseMethods = configuredCloseMethods;
        _captures = captures;
    }

    public ConnectionApi Api => _api;

    public ConnectionAliases Aliases => _aliases;

    public ISymbol? RootOf(IOperation? operation) => _aliases.RootOf(operation, _captures);

    public ConnectionMemberKind Classify(IInvocationOperation invocation)
    {
        var kind = _api.Classify(invocation.TargetMethod, out var needsConnectionReceiver);

        // ns.ReadAtLeast(header, 4, throwOnEndOfStream: false): a receive, its count short (then 0) at the peer's close.
        if (kind == ConnectionMemberKind.None && _api.ReadsAtLeastUntilTheEnd(invocation, invocation.TargetMethod.Name))
            (kind, needsConnectionReceiver) = (ConnectionMemberKind.Receive, true);
        if (kind != ConnectionMemberKind.None && needsConnectionReceiver && !_aliases.IsConnection(invocation.Instance, _captures))
            return ConnectionMemberKind.None;
        return kind;
    }

    /// <summary>Whether <paramref name="invocation"/> closes <paramref name="connection"/>, directly or by a call that closes it.</summary>
    public bool Closes(IInvocationOperation invocation, ISymbol connection) =>
        IsDirectClose(invocation, connection) || IsClosingCall(invocation, connection);

    /// <summary>A closing member (Close, Dispose, Shutdown, Disconnect) called on the connection.</summary>
    public bool IsDirectClose(IInvocationOperation invocation, ISymbol connection) =>
        (Classify(invocation) == ConnectionMemberKind.Close && IsRoot(invocation.Instance, connection) && _aliases.ClosesThrough(invocation.Instance, _captures))
        || (_wrappersClose && invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync"
            && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(invocation.Instance, _captures), connection));

    /// <summary>A call that closes the connection passed to it: a method of the compilation that closes its parameter, or a configured close method.</summary>
    public bool IsClosingCall(IInvocationOperation invocation, ISymbol connection)
    {
        var method = invocation.TargetMethod;

        // Asked of nearly every call on the paths the rules walk, and most projects configure no close method: an empty
        // set is answered without hashing the method (a set hashes what it is asked for before it looks at its size).
        var configured = _configuredCloseMethods.Count > 0 && _configuredCloseMethods.Contains(method.OriginalDefinition);
        if (configured && IsRoot(invocation.Instance, connection))
            return true;
        if (!configured && method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && IsRoot(argument.Value, connection)
                && (configured || _api.CloseMethods.ClosesParameter(method, parameter.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a using's resources (<c>using (client)</c>, <c>using var stream = client.GetStream()</c>) dispose
    /// <paramref name="connection"/> at the using's end.
    /// </summary>
    public bool Disposes(IOperation resources, ISymbol connection)
    {
        if (resources is not IVariableDeclarationGroupOperation group)
        {
            return (IsRoot(resources, connection) && _aliases.ClosesThrough(resources, _captures))
                || (_wrappersClose && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(resources, _captures), connection));
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(_aliases.RootOf(declarator.Symbol), connection) && !_aliases.IsNonOwning(declarator.Symbol))
                    return true;
                if (_wrappersClose && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(declarator.Symbol, _captures), connection))
                    return true;
            }
        }

        return false;
    }

    private bool IsRoot(IOperation? operation, ISymbol connection) =>
        SymbolEqualityComparer.Default.Equals(RootOf(operation), connection);
}
