export default fetch;
