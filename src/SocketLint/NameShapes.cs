using System.Collections.Generic;

namespace SocketLint;

/// <summary>
/// A fixed set of method names, told by the first character and length first: a name of another shape is none of
/// them, told with two reads of the name and no hash. Most calls of a code base (<c>Where</c>, <c>ToString</c>,
/// <c>Add</c>) have a shape no socket member has; a name that has one is compared with the few names of its first
/// character and length only.
/// </summary>
internal sealed class NameShapes
{
    private const int MaxLength = 63;

    /// <summary>Per first character (ASCII), a bit per length (longer names share the last bit).</summary>
    private readonly ulong[] _lengthsByFirst = new ulong[128];
    private bool _outsideAscii;

    /// <summary>The names in the order first added: a name's place here is its index.</summary>
    private readonly List<string> _names = new();

    /// <summary>
    /// Per first character (ASCII; the rest share the last entry), the names' lengths and indexes, in one array each:
    /// a name's own characters are read only for a candidate of its length.
    /// </summary>
    private readonly (int Length, int Index)[]?[] _byFirst = new (int, int)[]?[129];

    public NameShapes(IEnumerable<string> names) => Add(names);

    public NameShapes()
    {
    }

    /// <summary>How many names were added.</summary>
    public int Count => _names.Count;

    /// <summary>The names, at their indexes.</summary>
    public IReadOnlyList<string> Names => _names;

    public void Add(IEnumerable<string> names)
    {
        foreach (var name in names)
            Add(name);
    }

    /// <summary>Adds <paramref name="name"/> (once: a name added again keeps its index) and returns its index.</summary>
    public int Add(string name)
    {
        var known = IndexOf(name);
        if (known >= 0)
            return known;

        var index = _names.Count;
        _names.Add(name);
        if (name.Length == 0)
            return index;
        if (name[0] >= 128)
            _outsideAscii = true;
        else
            _lengthsByFirst[name[0]] |= 1UL << System.Math.Min(name.Length, MaxLength);

        var slot = System.Math.Min((int)name[0], 128);
        var candidates = _byFirst[slot];
        var grown = new (int, int)[(candidates?.Length ?? 0) + 1];
        candidates?.CopyTo(grown, 0);
        grown[grown.Length - 1] = (name.Length, index);
        _byFirst[slot] = grown;
        return index;
    }

    /// <summary>Whether <paramref name="name"/> has the shape of one of the names.</summary>
    public bool MayBe(string name)
    {
        if (name.Length == 0)
            return false;
        var first = name[0];
        if (first >= 128)
            return _outsideAscii;
        return (_lengthsByFirst[first] & (1UL << System.Math.Min(name.Length, MaxLength))) != 0;
    }

    /// <summary>Whether <paramref name="name"/> is one of the names.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The index of <paramref name="name"/> among the names, or -1.</summary>
    public int IndexOf(string name)
    {
        if (name.Length == 0)
        {
            // The empty name, if added, is compared with every name's index the slow way: no call has it.
            for (var i = 0; i < _names.Count; i++)
            {
                if (_names[i].Length == 0)
                    return i;
            }

            return -1;
        }

        if (!MayBe(name) || _byFirst[System.Math.Min((int)name[0], 128)] is not { } candidates)
            return -1;
        foreach (var (length, index) in candidates)
        {
            if (length == name.Length && string.Equals(_names[index], name))
                return index;
        }

        return -1;
    }
}
