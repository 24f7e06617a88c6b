using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// What a rule knows of a fixed list of method definitions (the socket and stream members), looked up by the called
/// method's name first: most calls of a compilation miss on the name's first character and length, and a name that hits
/// holds a handful of overloads, told apart by reference.
/// </summary>
/// <remarks>
/// Within one compilation a method definition is one symbol object, so the overloads of a name are compared with
/// <see cref="object.ReferenceEquals"/> and no symbol is hashed. The name is found by its first character and length
/// (<see cref="NameShapes"/>): most calls have a shape no name of the table has, and the rest are compared with the
/// few names of their shape, with no hash of the name. The tables are built per compilation from that
/// compilation's own symbols. Profiled on the benchmark's 16× code base, hashing the definition in a
/// <c>Dictionary</c> keyed by <see cref="SymbolEqualityComparer.Default"/> cost as much as the name lookup before it.
/// </remarks>
internal sealed class MethodTable<T>
{
    /// <summary>The names, each with its index into <see cref="_overloads"/>.</summary>
    private readonly NameShapes _names = new();

    /// <summary>Per name's index, its methods with what each maps to; told apart by reference.</summary>
    private readonly List<KeyValuePair<IMethodSymbol, T>[]> _overloads = new();

    /// <summary>Maps <paramref name="method"/> (a definition) to <paramref name="value"/>, replacing what it was mapped to.</summary>
    public void Set(IMethodSymbol method, T value)
    {
        var index = IndexAdding(method.Name);
        var overloads = _overloads[index];
        for (var i = 0; i < overloads.Length; i++)
        {
            if (ReferenceEquals(overloads[i].Key, method))
            {
                overloads[i] = new KeyValuePair<IMethodSymbol, T>(method, value);
                return;
            }
        }

        var grown = new KeyValuePair<IMethodSymbol, T>[overloads.Length + 1];
        overloads.CopyTo(grown, 0);
        grown[overloads.Length] = new KeyValuePair<IMethodSymbol, T>(method, value);
        _overloads[index] = grown;
    }

    /// <summary>Makes <paramref name="name"/> known with no method: <see cref="TryGet"/> then reports a known name.</summary>
    public void AddName(string name) => IndexAdding(name);

    private int IndexAdding(string name)
    {
        var index = _names.Add(name);
        if (index == _overloads.Count)
            _overloads.Add(System.Array.Empty<KeyValuePair<IMethodSymbol, T>>());
        return index;
    }

    /// <summary>The names mapped or made known.</summary>
    public IEnumerable<string> Names => _names.Names;

    /// <summary>The methods mapped, each once.</summary>
    public IEnumerable<IMethodSymbol> Methods
    {
        get
        {
            foreach (var overloads in _overloads)
            {
                foreach (var pair in overloads)
                    yield return pair.Key;
            }
        }
    }

    /// <summary>
    /// What <paramref name="method"/> (any construction of it) is mapped to. <paramref name="nameKnown"/> is false
    /// when no mapped method, nor any name made known, has its name.
    /// </summary>
    public bool TryGet(IMethodSymbol method, string name, out T value, out bool nameKnown)
    {
        value = default!;
        var index = _names.IndexOf(name);
        nameKnown = index >= 0;
        if (!nameKnown)
            return false;
        var overloads = _overloads[index];
        if (overloads.Length == 0)
            return false;

        var definition = method.OriginalDefinition;
        for (var i = 0; i < overloads.Length; i++)
        {
            if (ReferenceEquals(overloads[i].Key, definition))
            {
                value = overloads[i].Value;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc cref="TryGet(IMethodSymbol, string, out T, out bool)"/>
    public bool TryGet(IMethodSymbol method, out T value) => TryGet(method, method.Name, out value, out _);
}
