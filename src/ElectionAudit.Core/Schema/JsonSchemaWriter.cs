using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElectionAudit.Schema;

/// <summary>Renders a <see cref="SchemaNode"/> as JSON Schema (draft 2020-12), for editors to validate and autocomplete with.</summary>
public static class JsonSchemaWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JSON Schema text of <paramref name="root"/>, with a trailing newline.</summary>
    public static string Write(SchemaNode root, string id, string title)
    {
        ArgumentNullException.ThrowIfNull(root);
        var json = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = id,
            ["title"] = title,
        };
        foreach (var (key, value) in Render(root))
        {
            json[key] = value?.DeepClone();
        }

        return json.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Render(SchemaNode node)
    {
        var json = new JsonObject { ["description"] = node.Description };
        switch (node)
        {
            case ScalarSchema scalar:
                switch (scalar.Kind)
                {
                    case ScalarKind.Boolean:
                        json["type"] = "boolean";
                        break;
                    case ScalarKind.WholeNumber:
                        json["type"] = "integer";
                        json["minimum"] = 0;
                        break;
                    case ScalarKind.Date:
                        json["type"] = "string";
                        json["format"] = "date";
                        break;
                    case ScalarKind.Duration:
                        json["type"] = "string";
                        json["pattern"] = "^([0-9]+[wdhms])+$";
                        break;
                    case ScalarKind.Enum:
                        json["enum"] = new JsonArray([.. scalar.Allowed.Select(a => (JsonNode)JsonValue.Create(a))]);
                        break;
                    default:
                        json["type"] = "string";
                        break;
                }

                break;
            case ArraySchema array:
                json["type"] = "array";
                json["items"] = Render(array.Items);
                break;
            case MapSchema map:
                json["type"] = "object";
                json["additionalProperties"] = Render(map.Values);
                if (map.KeyPattern is not null)
                {
                    json["propertyNames"] = new JsonObject { ["pattern"] = map.KeyPattern };
                }

                break;
            case OneOfSchema oneOf:
                json["oneOf"] = new JsonArray([.. oneOf.Alternatives.Select(a => (JsonNode)Render(a))]);
                break;
            case ObjectSchema obj:
                json["type"] = "object";
                var properties = new JsonObject();
                foreach (var field in obj.Fields)
                {
                    properties[field.Name] = Render(field.Type);
                }

                json["properties"] = properties;
                json["additionalProperties"] = false;
                var required = obj.Fields.Where(f => f.Required).Select(f => (JsonNode)JsonValue.Create(f.Name)).ToArray();
                if (required.Length > 0)
                {
                    json["required"] = new JsonArray(required);
                }

                break;
        }

        return json;
    }
}
