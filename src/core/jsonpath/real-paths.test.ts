import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isScalar, isSeq, parseDocument, visit } from "yaml";
import { type JsonValue, parseJson, serializeJson } from "../json/index.js";
import { compileJsonPath, deletePath, mapPath, readPath } from "./index.js";

const mark = (v: JsonValue): JsonValue => `~${typeof v === "string" ? v : serializeJson(v)}`;

function map(json: string, ...paths: string[]): string {
  const doc = parseJson(json);
  for (const p of paths) {
    try {
      mapPath(doc, compileJsonPath(p), mark);
    } catch (e) {
      if ((e as Error).name !== "PathNotFoundError") throw e;
    }
  }
  return serializeJson(doc);
}

function del(json: string, ...paths: string[]): string {
  const doc = parseJson(json);
  for (const p of paths) {
    try {
      deletePath(doc, compileJsonPath(p));
    } catch (e) {
      if ((e as Error).name !== "PathNotFoundError") throw e;
    }
  }
  return serializeJson(doc);
}

describe("shipped paths on small documents (spec 5.7 / 5.8)", () => {
  it("gmail list: a property step through `messages` (an array) is a silent no-op", () => {
    const doc = '{"messages":[{"payload":{"headers":[{"name":"From","value":"a@x.com"}]}}]}';
    expect(
      map(
        doc,
        "$.messages.payload.headers[?(@.name =~ /^(From|To|Cc|Bcc)$/i)].value",
        "$.messages.payload.headers[?(@.name =~ /^(X-Original-Sender|Delivered-To|Sender)$/i)].value",
      ),
    ).toBe(doc);
    expect(
      del(
        doc,
        "$.messages.payload.headers[?(!(@.name =~ /^From|To|Cc|Bcc|X-Original-Sender|Delivered-To|Sender|Message-ID|Date|In-Reply-To|Original-Message-ID|References$/i))]",
      ),
    ).toBe(doc);
  });

  it("gmail message: pseudonymize senders, default-deny other headers", () => {
    const doc =
      '{"payload":{"headers":[{"name":"From","value":"a@x.com"},{"name":"Subject","value":"hi"},{"name":"to","value":"b@x.com"},{"value":"noname"},{"name":"X-To-Y","value":"z"},{"name":"Sender","value":"s"}]}}';
    const mapped = map(
      doc,
      "$.payload.headers[?(@.name =~ /^(From|To|Cc|Bcc)$/i)].value",
      "$.payload.headers[?(@.name =~ /^(X-Original-Sender|Delivered-To|Sender)$/i)].value",
    );
    expect(mapped).toBe(
      '{"payload":{"headers":[{"name":"From","value":"~a@x.com"},{"name":"Subject","value":"hi"},{"name":"to","value":"~b@x.com"},{"value":"noname"},{"name":"X-To-Y","value":"z"},{"name":"Sender","value":"~s"}]}}',
    );
    expect(
      del(
        doc,
        "$.payload.headers[?(!(@.name =~ /^From|To|Cc|Bcc|X-Original-Sender|Delivered-To|Sender|Message-ID|Date|In-Reply-To|Original-Message-ID|References$/i))]",
      ),
    ).toBe(
      '{"payload":{"headers":[{"name":"From","value":"a@x.com"},{"name":"to","value":"b@x.com"},{"name":"Sender","value":"s"}]}}',
    );
  });

  it("slack: filters used as conditions on objects", () => {
    expect(
      map(
        '{"channels":[{"topic":{"set_by":"U1","value":"t"},"creator":"USLACKBOT"},{"topic":{"set_by":"USLACKBOT"}},{"topic":{"value":"x"}}]}',
        "$.channels[*].topic[?(@.set_by!='USLACKBOT')].set_by",
        "$.channels[?(@.creator!='USLACKBOT')].creator",
      ),
    ).toBe(
      '{"channels":[{"topic":{"set_by":"~U1","value":"t"},"creator":"USLACKBOT"},{"topic":{"set_by":"USLACKBOT"}},{"topic":{"value":"x"}}]}',
    );
    expect(
      map(
        '{"messages":[{"edited":{"user":"U2"}},{"edited":{"user":"USLACKBOT"}}]}',
        "$.messages[*].edited[?(@.user!='USLACKBOT')].user",
      ),
    ).toBe('{"messages":[{"edited":{"user":"~U2"}},{"edited":{"user":"USLACKBOT"}}]}');
    expect(
      map(
        '{"messages":[{"room":{"created_by":"U3"}}]}',
        "$.messages[*].room[?(@.created_by!='USLACKBOT')].created_by",
      ),
    ).toBe('{"messages":[{"room":{"created_by":"~U3"}}]}');
    expect(map('{"info":{"creator":"U4"}}', "$.info[?(@.creator!='USLACKBOT')].creator")).toBe(
      '{"info":{"creator":"~U4"}}',
    );
  });

  it("slack: filters on @ itself select every non-bot member", () => {
    expect(
      map('{"channels":[{"members":["U1","USLACKBOT",null]}]}', "$.channels[*].members[?(@!='USLACKBOT')]"),
    ).toBe('{"channels":[{"members":["~U1","USLACKBOT","~null"]}]}');
    expect(
      map(
        '{"users":[{"is_bot":true,"name":"b"},{"name":"n"},{"is_bot":false,"name":"m"}]}',
        "$.users[?(@.is_bot != true)].name",
      ),
    ).toBe('{"users":[{"is_bot":true,"name":"b"},{"name":"~n"},{"is_bot":false,"name":"~m"}]}');
    expect(
      map('{"messages":[{"text":"no user"},{"user":"U1"}]}', "$.messages[?(@.user!='USLACKBOT')].user"),
    ).toBe('{"messages":[{"text":"no user"},{"user":"~U1"}]}');
  });

  it("msft: filter under a wildcard on mentions", () => {
    expect(
      map(
        '{"mentions":[{"mentioned":{"user":{"id":"u"}}},{"applicationIdentityType":"bot","id":"b"},{"id":"x"}]}',
        '$..mentions[*][?(@.applicationIdentityType != "bot")].id',
      ),
    ).toBe(
      '{"mentions":[{"mentioned":{"user":{"id":"u"}}},{"applicationIdentityType":"bot","id":"b"},{"id":"~x"}]}',
    );
  });

  it("chatgpt-enterprise / gitlab: filters on the root", () => {
    const p =
      "$[?(@.message.author.type != 'user' && @.message.author.role != 'user')].message.content.value";
    expect(map('{"message":{"author":{"role":"assistant"},"content":{"value":"v"}}}', p)).toBe(
      '{"message":{"author":{"role":"assistant"},"content":{"value":"~v"}}}',
    );
    expect(
      map(
        '[{"system":false,"body":"b1"},{"system":true,"body":"x@y"},{"body":"b3"}]',
        "$[?(@.system!=true)].body",
      ),
    ).toBe('[{"system":false,"body":"~b1"},{"system":true,"body":"x@y"},{"body":"~b3"}]');
    expect(
      map(
        '[{"system":true,"body":"x@y"},{"system":true,"body":"no at"}]',
        "$[?(@.system==true && @.body =~ /.*@.*/)].body",
      ),
    ).toBe('[{"system":true,"body":"~x@y"},{"system":true,"body":"no at"}]');
  });

  it("google-chat / meet: `in` lists, equality and default-deny on parameters", () => {
    const doc =
      '{"items":[{"events":[{"parameters":[{"name":"actor","value":"a"},{"name":"room_id","value":"r"},{"name":"ip_address","value":"1.2.3.4"},{"name":"secret","value":"s"}]}]}]}';
    expect(
      map(
        doc,
        "$.items[*].events[*].parameters[?(@.name in ['actor'])].value",
        "$.items[*].events[*].parameters[?(@.name == 'ip_address')].value",
      ),
    ).toBe(
      '{"items":[{"events":[{"parameters":[{"name":"actor","value":"~a"},{"name":"room_id","value":"r"},{"name":"ip_address","value":"~1.2.3.4"},{"name":"secret","value":"s"}]}]}]}',
    );
    expect(
      del(
        doc,
        "$.items[*].events[*].parameters[?(!(@.name =~ /^actor|room_id|timestamp_ms|message_id|room_name|ip_address$/i))]",
      ),
    ).toBe(
      '{"items":[{"events":[{"parameters":[{"name":"actor","value":"a"},{"name":"room_id","value":"r"},{"name":"ip_address","value":"1.2.3.4"}]}]}]}',
    );
    expect(
      map(
        '{"items":[{"events":[{"parameters":[{"name":"organizer_email","value":"o"},{"name":"identifier","value":"i"},{"name":"x","value":"x"}]}]}]}',
        "$.items[*].events[*].parameters[?(@.name in ['organizer_email','identifier'])].value",
      ),
    ).toBe(
      '{"items":[{"events":[{"parameters":[{"name":"organizer_email","value":"~o"},{"name":"identifier","value":"~i"},{"name":"x","value":"x"}]}]}]}',
    );
  });

  it("msft: deep scans through arrays and into matches", () => {
    expect(
      del('{"value":[{"businessPhones":["1"],"proxyAddresses":["smtp:a"]}]}', "$..businessPhones[*]"),
    ).toBe('{"value":[{"businessPhones":[],"proxyAddresses":["smtp:a"]}]}');
    expect(map('{"value":[{"proxyAddresses":["smtp:a","x"]}]}', "$..proxyAddresses[*]")).toBe(
      '{"value":[{"proxyAddresses":["~smtp:a","~x"]}]}',
    );
    expect(
      map('{"identities":[{"issuerAssignedId":"i","x":1},{"y":2}]}', "$..identities[*].issuerAssignedId"),
    ).toBe('{"identities":[{"issuerAssignedId":"~i","x":1},{"y":2}]}');
  });

  it("cursor-style: scan, filter, scan", () => {
    const doc =
      '{"data":[{"x":{"messages":{"data":[{"author":{"role":"user"},"content":{"value":"u"}},{"author":{"role":"bot"},"content":{"value":"b"}}]}}}]}';
    expect(map(doc, "$.data[*]..messages.data[?(@.author.role == 'user')]..content.value")).toBe(
      '{"data":[{"x":{"messages":{"data":[{"author":{"role":"user"},"content":{"value":"~u"}},{"author":{"role":"bot"},"content":{"value":"b"}}]}}}]}',
    );
    expect(map(doc, "$.data[*]..messages.data[?(@.author.role != 'user')]..content.value")).toBe(
      '{"data":[{"x":{"messages":{"data":[{"author":{"role":"user"},"content":{"value":"u"}},{"author":{"role":"bot"},"content":{"value":"~b"}}]}}}]}',
    );
  });

  it("deep scan + multi-name ALL-keys rule", () => {
    expect(map('{"a":{"id":1,"email":"e"},"b":{"email":"f"}}', "$..['id','email']")).toBe(
      '{"a":{"id":"~1","email":"~e"},"b":{"email":"f"}}',
    );
    expect(
      map(
        '{"meetings":[{"topic":"t","share_url":"u","recording_play_passcode":"p"},{"topic":"t2"}]}',
        "$..['topic','share_url','recording_play_passcode']",
      ),
    ).toBe('{"meetings":[{"topic":"~t","share_url":"~u","recording_play_passcode":"~p"},{"topic":"t2"}]}');
  });

  it("github: deep scan onto non-leaf multi-names", () => {
    const doc =
      '{"pr":{"author":{"id":1,"node_id":"n","login":"l","name":"N"},"committer":{"email":"e"},"requested_reviewers":[{"login":"r"}],"owner":{"login":"o"}}}';
    expect(map(doc, "$..['author','committer'].['id','node_id','email']")).toBe(
      '{"pr":{"author":{"id":"~1","node_id":"~n","login":"l","name":"N"},"committer":{"email":"~e"},"requested_reviewers":[{"login":"r"}],"owner":{"login":"o"}}}',
    );
    expect(map(doc, "$..['requested_reviewers[*]','owner','user'].login")).toBe(
      '{"pr":{"author":{"id":1,"node_id":"n","login":"l","name":"N"},"committer":{"email":"e"},"requested_reviewers":[{"login":"r"}],"owner":{"login":"~o"}}}',
    );
  });

  it("merge leaves without a scan handle any subset", () => {
    expect(
      map(
        '{"@odata.nextLink":"n","value":[]}',
        "$.['@odata.nextLink', '@odata.prevLink', 'sessions@odata.nextLink']",
      ),
    ).toBe('{"@odata.nextLink":"~n","value":[]}');
    expect(
      map(
        '{"meetings":[{"host_id":"h","x":1},{"user_email":"u","host_email":"e"}]}',
        "$.meetings[*]['host_id','user_email','host_email']",
      ),
    ).toBe('{"meetings":[{"host_id":"~h","x":1},{"user_email":"~u","host_email":"~e"}]}');
    expect(map('{"data":[{"email":"e"}]}', "$.data[*]['email_address','email']")).toBe(
      '{"data":[{"email":"~e"}]}',
    );
  });

  it("dropbox: a single bracket child name", () => {
    expect(map('{"events":[{"context":{"display_name":"d"}}]}', "$.events[*].context['display_name']")).toBe(
      '{"events":[{"context":{"display_name":"~d"}}]}',
    );
  });

  it("odata keys with @ and dots", () => {
    expect(
      del(
        '{"@odata.context":"c","value":[{"@odata.type":"t","id":1}]}',
        "$..['@odata.context']",
        "$..['@odata.type']",
      ),
    ).toBe('{"value":[{"id":1}]}');
  });

  it("salesforce applyOnlyWhen is a document-level condition", () => {
    const doc = parseJson(
      '{"records":[{"attributes":{"type":"User"},"Id":"1"},{"attributes":{"type":"Account"},"Id":"2"}]}',
    );
    const cond = readPath(doc, compileJsonPath('$.records[?(@.attributes.type == "User")]'));
    expect(Array.isArray(cond) && cond.length > 0).toBe(true);
    mapPath(doc, compileJsonPath("$.records[*].Id"), mark);
    expect(serializeJson(doc)).toBe(
      '{"records":[{"attributes":{"type":"User"},"Id":"~1"},{"attributes":{"type":"Account"},"Id":"~2"}]}',
    );
  });
});

const RULES = "/work/shared/conformance";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

describe.skipIf(!existsSync(RULES))("every JSONPath of the conformance rule files compiles", () => {
  it("compiles", () => {
    const paths = new Set<string>();
    for (const f of [...yamlFiles(join(RULES, "rules")), ...yamlFiles(join(RULES, "inline-rules"))]) {
      const doc = parseDocument(readFileSync(f, "utf8"));
      if (doc.errors.length > 0) continue; // files this YAML library cannot read are covered elsewhere
      visit(doc, {
        Pair(_, pair) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "";
          if (!["jsonPaths", "applyOnlyWhen", "innerJsonPath", "jsonPathToProcessWhenEscaped"].includes(key))
            return;
          if (isScalar(pair.value)) paths.add(String(pair.value.value));
          else if (isSeq(pair.value))
            for (const it of pair.value.items) if (isScalar(it)) paths.add(String(it.value));
        },
      });
    }
    expect(paths.size).toBeGreaterThan(500);
    const failed = [...paths].filter((p) => {
      try {
        compileJsonPath(p);
        return false;
      } catch {
        return true;
      }
    });
    expect(failed).toEqual([]);
  });
});
