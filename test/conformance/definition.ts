// The OpenAPI document the conformance test checks against: the official V4 snapshot (S1), with
// four in-memory changes that are documented here because they change what "conforms" means.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { list, mapping, type Mapping } from '../support/json.js';

// A byte-for-byte copy of the official snapshot (sha256 7e68b23b…8632), kept in the repository so
// that the test runs on any clone.
export const OPENAPI_PATH = fileURLToPath(new URL('../fixtures/openapi/frameio-v4-openapi.json', import.meta.url));

/** The paths rolesync calls; the others are dropped so the validator compiles in seconds, not 15. */
export const USED_PATHS = [
  '/v4/me',
  '/v4/accounts',
  '/v4/accounts/{account_id}/users',
  '/v4/accounts/{account_id}/users/{user_id}',
  '/v4/accounts/{account_id}/workspaces',
  '/v4/accounts/{account_id}/workspaces/{workspace_id}/users',
  '/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}',
  '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
  '/v4/accounts/{account_id}/projects/{project_id}',
  '/v4/accounts/{account_id}/projects/{project_id}/users',
  '/v4/accounts/{account_id}/projects/{project_id}/users/{user_id}',
  '/v4/accounts/{account_id}/groups',
  '/v4/accounts/{account_id}/groups/{group_id}',
  '/v4/accounts/{account_id}/audit_logs',
];

/**
 * PATCH /v4/accounts/{account_id}/users/{user_id} is absent from S1. Added as frameio-api.md §2.3
 * describes it from the newer S2 document and the reference page: body `UpdateAccountRolesParams`
 * `{"data":{"role":"admin"|"member"}}` (additionalProperties false at both levels), 200
 * `UpdateAccountRolesResponse` `{"data":{"role":...}}`, errors 400/401/403/404/409/422/429 with the
 * standard error bodies and the x-ratelimit-* headers like every other operation.
 */
function addAccountRolePatch(doc: Mapping): void {
  const schemas = mapping(doc, 'components', 'schemas');
  schemas.AccountRoleData = {
    title: 'AccountRoleData',
    type: 'object',
    additionalProperties: false,
    required: ['role'],
    properties: { role: { type: 'string', enum: ['member', 'admin'] } },
  };
  schemas.UpdateAccountRolesParams = {
    title: 'UpdateAccountRolesParams',
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: { data: { $ref: '#/components/schemas/AccountRoleData' } },
  };
  schemas.UpdateAccountRolesResponse = {
    title: 'UpdateAccountRolesResponse',
    type: 'object',
    required: ['data'],
    properties: { data: { $ref: '#/components/schemas/AccountRoleData' } },
  };
  // Borrow the error responses (bodies + rate-limit headers) of the sibling workspace-role PATCH.
  const paths = mapping(doc, 'paths');
  const sibling = mapping(paths, '/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}', 'patch');
  const responses: Mapping = {};
  for (const [status, response] of Object.entries(mapping(sibling, 'responses'))) {
    responses[status] =
      status === '200'
        ? {
            ...mapping(response),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/UpdateAccountRolesResponse' } } },
          }
        : response;
  }
  paths['/v4/accounts/{account_id}/users/{user_id}'] = {
    patch: {
      operationId: 'account_user_roles.update',
      summary: 'Update user role for the account (added from frameio-api.md §2.3; absent from S1)',
      parameters: [
        { in: 'path', name: 'account_id', required: true, schema: { $ref: '#/components/schemas/FrameOrAdobeId' } },
        { in: 'path', name: 'user_id', required: true, schema: { $ref: '#/components/schemas/UUID' } },
      ],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/UpdateAccountRolesParams' } } },
      },
      responses,
      security: sibling.security,
    },
  };
}

/**
 * S1's `GroupWithIncludes` is a `oneOf` of `GroupCommonWithIncludes` and `SyncGroupWithIncludes`
 * whose branches overlap (a synced group with `sync_status` matches both), resolved only by its
 * discriminator mapping on `source` (adobe → Sync…, frame and workfront → Common…), which the
 * validator does not apply. The mapping is written into the branches instead; nothing else changes.
 */
function applyGroupDiscriminator(doc: Mapping): void {
  const schemas = mapping(doc, 'components', 'schemas');
  const group = mapping(schemas, 'GroupWithIncludes');
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const source = (values: string[]) => ({ properties: { source: { enum: values } } });
  group.oneOf = [
    { allOf: [ref('GroupCommonWithIncludes'), source(['frame', 'workfront'])] },
    { allOf: [ref('SyncGroupWithIncludes'), source(['adobe'])] },
  ];
  delete group.discriminator;
}

export function loadDefinition(): Mapping {
  const doc = mapping(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  // S1's own defect: `FieldValueCommon.field_type.enum` lists "users" twice, which makes the whole
  // document invalid OpenAPI (uniqueItems). Unrelated to our operations; de-duplicated.
  const fieldType = mapping(doc, 'components', 'schemas', 'FieldValueCommon', 'properties', 'field_type');
  fieldType.enum = [...new Set(list(fieldType, 'enum'))];
  const paths = mapping(doc, 'paths');
  for (const path of Object.keys(paths)) if (!USED_PATHS.includes(path)) delete paths[path];
  addAccountRolePatch(doc);
  applyGroupDiscriminator(doc);
  return doc;
}
