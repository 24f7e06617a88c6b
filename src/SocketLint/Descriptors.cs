using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>Every SocketLint diagnostic, in ID order. The ID leads each property name.</summary>
internal static class Descriptors
{
    internal const string HelpLinkBase = "https://github.com/socketlint/socketlint/blob/main/docs/rules/";

    internal static class Categories
    {
        internal const string Reliability = "Reliability";
        internal const string Performance = "Performance";
    }

    internal static readonly DiagnosticDescriptor SL0001PeerCloseNotHandled = new(
        id: "SL0001",
        title: "Peer close not handled",
        messageFormat: "'{0}' {1}: after the peer's FIN this socket stays in CLOSE_WAIT{2}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A receive that returns 0 is the peer's FIN: the peer has closed its side. The code must then close the connection it owns, or leave the read loop and hand the decision back to the owner. Otherwise the socket sits in CLOSE_WAIT until the process exits, and a read loop that ignores the 0 spins at full CPU.",
        helpLinkUri: HelpLinkBase + "SL0001.md");

    internal static readonly DiagnosticDescriptor SL0002SendFailureIgnored = new(
        id: "SL0002",
        title: "Send failure ignored",
        messageFormat: "{0} on '{1}': when the peer has gone (ECONNRESET, EPIPE) this connection stays open and in use; close it, rethrow, or leave",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A send on a connection whose peer has gone fails with ECONNRESET or EPIPE (SocketException; an IOException from a NetworkStream). Code that catches the failure and carries on, or never reads the SocketError a send reports, keeps the dead socket open and sends on it again; servers collect such zombies until they run out of descriptors.",
        helpLinkUri: HelpLinkBase + "SL0002.md");

    internal static readonly DiagnosticDescriptor SL0003ServerClosesFirst = new(
        id: "SL0003",
        title: "Server closes first",
        messageFormat: "{0} closes the accepted connection '{1}' before its peer has closed: the server holds TIME_WAIT for this connection for 2*MSL (60 s on Linux), one entry per connection",
        category: Categories.Performance,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The side that closes a TCP connection first holds it in TIME_WAIT for twice the maximum segment lifetime. A server that replies and then closes each accepted connection keeps one TIME_WAIT entry per request; under load they pile up by the tens of thousands. Letting the client close first (read until the receive returns 0, then close) moves TIME_WAIT to the client.",
        helpLinkUri: HelpLinkBase + "SL0003.md");

    internal static readonly DiagnosticDescriptor SL0004BlockingSocketCallInAsync = new(
        id: "SL0004",
        title: "Blocking socket call in async code",
        messageFormat: "'{0}' blocks in async code and holds a thread-pool thread until the peer acts; {1}",
        category: Categories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A blocking socket call (Accept, Connect, Receive, Send, Read, Write, a DNS lookup, a TLS handshake) or a synchronous wait on a socket task inside an async method, async lambda, async local function or top-level code that awaits holds a thread-pool thread for as long as the network makes it wait. A few of them starve the pool: timers, continuations and other requests queue behind them.",
        helpLinkUri: HelpLinkBase + "SL0004.md");

    /// <summary>Every descriptor, in ID order: what <see cref="SocketLintAnalyzer"/> reports.</summary>
    internal static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        SL0001PeerCloseNotHandled, SL0002SendFailureIgnored, SL0003ServerClosesFirst, SL0004BlockingSocketCallInAsync);
}
